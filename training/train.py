#!/usr/bin/env python3
"""Trains the inverse net on swapped features (style-swap's recipe, improved by measurement; see README.md).

Each step decodes swapped latents T (content crop × style crop, the library's 3×3 / stride-1 swap) and plain latents
Φ(C), and minimises
  feature loss to the latent (relu3_1 MSE / mean(T²))  + style_weight · Gram distance to the style (swapped only)
  + pixel_weight · L1 to the content crop (plain only) + tv_weight · total variation.
Swapped latents are costly (a swap costs about a step), so they live in a pool that is refreshed a few per step.
Resumable: --out holds checkpoint.pt (weights, averaged weights, optimiser, step, random state), log.jsonl (one JSON
object per line: steps, validations) and best.safetensors (the averaged weights of the best validation).
"""
import argparse
import copy
import json
import math
import os
import random
import signal
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import data  # noqa: E402
import metrics  # noqa: E402
from stylenet import Decoder, Encoder, swap, write_safetensors  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--data', default=os.path.join(ROOT, '..', 'shared', 'training'), help='folder with content/ and style/')
    p.add_argument('--out', default=os.path.join(ROOT, 'training', 'run'), help='checkpoint, log and best weights')
    p.add_argument('--encoder', default=os.path.join(ROOT, 'weights', 'vgg19_relu3_1.safetensors'))
    p.add_argument('--init', default=os.path.join(ROOT, 'weights', 'decoder_relu3_1.safetensors'),
                   help='decoder weights to start from (ignored when --out has a checkpoint)')
    p.add_argument('--steps', type=int, default=80000, help='stop after this many steps in all')
    p.add_argument('--minutes', type=float, default=None, help='stop cleanly (checkpoint saved) after this long')
    p.add_argument('--crop', type=int, default=128, help='content crop side (a multiple of 4)')
    p.add_argument('--style-crop', type=int, default=256, help='style crop side, cut from the style at --style-side')
    p.add_argument('--style-side', type=int, default=512, help="style images' long side (the library's maxStyleSize)")
    p.add_argument('--content-side', type=int, default=512, help="content photographs' long side")
    p.add_argument('--swapped', type=int, default=3, help='swapped latents per step')
    p.add_argument('--plain', type=int, default=1, help='plain (content) latents per step')
    p.add_argument('--pool', type=int, default=96, help='swapped latents kept for reuse')
    p.add_argument('--refresh', type=int, default=1, help='swapped latents replaced in the pool each step')
    p.add_argument('--lr', type=float, default=1e-4)
    p.add_argument('--warmup', type=int, default=100, help='steps of linear learning-rate warm-up')
    p.add_argument('--style-weight', type=float, default=0.3)
    p.add_argument('--pixel-weight', type=float, default=1.0)
    p.add_argument('--tv-weight', type=float, default=0.02)
    p.add_argument('--ema', type=float, default=0.999, help='decay of the averaged weights that are validated and shipped')
    p.add_argument('--match-space', choices=('vgg19', 'normalized'), default='vgg19')
    p.add_argument('--validation-fraction', type=float, default=0.1)
    p.add_argument('--validation-pairs', type=int, default=3, help='held-out contents and styles: pairs = this²')
    p.add_argument('--validate-every', type=int, default=250)
    p.add_argument('--checkpoint-every', type=int, default=50)
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--threads', type=int, default=None, help='CPU threads (default: PyTorch\'s choice)')
    p.add_argument('--device', default='auto', help="'auto' (CUDA when present), 'cpu' or 'cuda'")
    p.add_argument('--fixed-batch', action='store_true',
                   help='train on one batch over and over, no validation (a quick check that steps lower the loss)')
    return p.parse_args(argv)


class Trainer:
    def __init__(self, args):
        self.args = args
        self.device = torch.device('cuda' if args.device == 'auto' and torch.cuda.is_available()
                                   else ('cpu' if args.device == 'auto' else args.device))
        self.rng = random.Random(args.seed)
        torch.manual_seed(args.seed)
        self.encoder = Encoder(args.encoder).to(self.device).eval()
        for p in self.encoder.parameters():
            p.requires_grad_(False)
        self.scale = self.encoder.caffe_scale if args.match_space == 'vgg19' else None
        os.makedirs(args.out, exist_ok=True)
        self.checkpoint_path = os.path.join(args.out, 'checkpoint.pt')
        self.decoder = Decoder(args.init).to(self.device)
        self.averaged = copy.deepcopy(self.decoder).requires_grad_(False)
        self.optimizer = torch.optim.Adam(self.decoder.parameters(), lr=args.lr)
        self.step = 0
        self.best = None
        self.baseline = None
        if os.path.exists(self.checkpoint_path):
            self.resume()
        self.log_file = open(os.path.join(args.out, 'log.jsonl'), 'a', encoding='utf-8')
        images = data.list_images(args.data)
        self.train_content, held_content = data.split(images['content'], args.validation_fraction)
        self.train_style, held_style = data.split(images['style'], args.validation_fraction)
        if not self.train_content or not self.train_style:
            raise SystemExit(f'training data: no usable images in {args.data} (content {len(self.train_content)}, '
                             f'style {len(self.train_style)})')
        print(f'data: {len(self.train_content)} content and {len(self.train_style)} style images to train on, '
              f'{len(held_content)} and {len(held_style)} held out ({args.data})', flush=True)
        self.contents = data.ImagePool(self.train_content, args.content_side, args.crop)
        self.styles = data.ImagePool(self.train_style, args.style_side, args.style_crop)
        n = args.validation_pairs
        self.validation = [] if args.fixed_batch else self.validation_set(held_content[:n], held_style[:n])
        self.pool = []
        self.fixed = None

    # --- latents -------------------------------------------------------------------------------------------------
    def to_device(self, image):
        return data.to_float(image).to(self.device).unsqueeze(0)

    @torch.no_grad()
    def swapped_item(self):
        """One swapped latent with what its losses need: (content crop, T, style Grams)."""
        _, content = self.contents.sample(self.args.crop, self.rng)
        _, style = self.styles.sample(self.args.style_crop, self.rng)
        c, s = self.to_device(content), self.to_device(style)
        target, _ = swap(self.encoder(c)[0], self.encoder(s)[0], self.scale)
        return {'content': c[0], 'target': target, 'grams': {k: v[0] for k, v in metrics.style_grams(self.encoder, s).items()}}

    def refresh_pool(self):
        while len(self.pool) < self.args.pool:
            self.pool.append(self.swapped_item())
        for _ in range(self.args.refresh):
            self.pool[self.rng.randrange(len(self.pool))] = self.swapped_item()

    def batch(self):
        if self.args.fixed_batch and self.fixed is not None:
            return self.fixed
        if not self.args.fixed_batch:
            self.refresh_pool()
            swapped = [self.pool[self.rng.randrange(len(self.pool))] for _ in range(self.args.swapped)]
        else:
            swapped = [self.swapped_item() for _ in range(self.args.swapped)]
        plain = torch.stack([self.to_device(self.contents.sample(self.args.crop, self.rng)[1])[0] for _ in range(self.args.plain)])
        with torch.no_grad():
            plain_target = self.encoder(plain) if len(plain) else None
        batch = {
            'target': torch.stack([s['target'] for s in swapped]),
            'grams': {k: torch.stack([s['grams'][k] for s in swapped]) for k in swapped[0]['grams']},
            'plain': plain,
            'plain_target': plain_target,
        }
        if self.args.fixed_batch:
            self.fixed = batch
        return batch

    # --- the loss --------------------------------------------------------------------------------------------------
    def losses(self, batch):
        a = self.args
        latents = torch.cat([batch['target'], batch['plain_target']]) if len(batch['plain']) else batch['target']
        images = self.decoder(latents)
        layers = self.encoder.layers(images)
        n = len(batch['target'])
        feature = metrics.feature_loss(layers['relu3_1'], latents).mean()
        style = metrics.style_distance({k: v[:n] for k, v in layers.items()}, batch['grams']).mean()
        pixel = (images[n:] - batch['plain']).abs().mean() if len(batch['plain']) else images.new_zeros(())
        tv = (images[..., 1:, :] - images[..., :-1, :]).abs().mean() + (images[..., :, 1:] - images[..., :, :-1]).abs().mean()
        total = feature + a.style_weight * style + a.pixel_weight * pixel + a.tv_weight * tv
        return total, {'loss': total.item(), 'feature': feature.item(), 'style': style.item(), 'pixel': pixel.item(), 'tv': tv.item()}

    def train_step(self):
        a = self.args
        for group in self.optimizer.param_groups:
            group['lr'] = a.lr * min(1.0, (self.step + 1) / max(1, a.warmup))
        total, parts = self.losses(self.batch())
        self.optimizer.zero_grad(set_to_none=True)
        total.backward()
        self.optimizer.step()
        with torch.no_grad():
            for avg, p in zip(self.averaged.parameters(), self.decoder.parameters()):
                avg.lerp_(p, 1 - a.ema)
        self.step += 1
        return parts

    # --- validation ------------------------------------------------------------------------------------------------
    @torch.no_grad()
    def validation_set(self, contents, styles):
        """Held-out pairs as the library runs them: a centre crop of the photo, the whole style at --style-side."""
        pairs = []
        side = 2 * self.args.crop
        for cp in contents:
            c = self.to_device(data.center_crop(data.load_rgb(cp, max_side=self.args.content_side, min_side=side), side))
            cf = self.encoder(c)
            for sp in styles:
                s_img = data.load_rgb(sp, max_side=self.args.style_side)
                s_img = s_img[:, :s_img.shape[1] // 4 * 4, :s_img.shape[2] // 4 * 4]
                s = self.to_device(s_img)
                target, _ = swap(cf[0], self.encoder(s)[0], self.scale)
                pairs.append({'name': f'{os.path.basename(cp)} × {os.path.basename(sp)}', 'target': target.unsqueeze(0),
                              'grams': metrics.style_grams(self.encoder, s), 'content': cf})
        return pairs

    @torch.no_grad()
    def validate(self, decoder):
        totals = {'feature_loss': 0.0, 'style_distance': 0.0, 'content_distance': 0.0}
        for pair in self.validation:
            figures = metrics.judge(self.encoder, decoder(pair['target']), pair['target'], pair['grams'], pair['content'])
            for k in totals:
                totals[k] += figures[k].item() / len(self.validation)
        return totals

    def is_better(self, figures):
        """Lower feature loss, with the content distance not above and the style distance ≤ 5% above the start's."""
        base = self.baseline
        if figures['content_distance'] > base['content_distance'] or figures['style_distance'] > 1.05 * base['style_distance']:
            return False
        return self.best is None or figures['feature_loss'] < self.best['feature_loss']

    def run_validation(self):
        if not self.validation:
            return
        if self.baseline is None:
            self.baseline = self.validate(self.decoder if self.step == 0 else Decoder(self.args.init).to(self.device))
            self.log({'event': 'baseline', 'step': self.step, **self.baseline})
        figures = self.validate(self.averaged)
        better = self.is_better(figures)
        self.log({'event': 'validation', 'step': self.step, 'best': better, **figures})
        print(f'validation at step {self.step}: feature loss {figures["feature_loss"]:.4f} (start {self.baseline["feature_loss"]:.4f}), '
              f'style {figures["style_distance"]:.4f} ({self.baseline["style_distance"]:.4f}), '
              f'content {figures["content_distance"]:.4f} ({self.baseline["content_distance"]:.4f}){" — best so far" if better else ""}', flush=True)
        if better:
            self.best = {'step': self.step, **figures}
            write_safetensors(os.path.join(self.args.out, 'best.safetensors'), self.averaged.tensors(),
                              {'step': self.step, **{k: f'{v:.5f}' for k, v in figures.items()}})
        self.save()

    # --- checkpoints and logs ----------------------------------------------------------------------------------------
    def save(self):
        state = {
            'step': self.step, 'decoder': self.decoder.state_dict(), 'averaged': self.averaged.state_dict(),
            'optimizer': self.optimizer.state_dict(), 'best': self.best, 'baseline': self.baseline,
            'rng': self.rng.getstate(), 'torch_rng': torch.get_rng_state(), 'args': vars(self.args),
        }
        tmp = self.checkpoint_path + '.tmp'
        torch.save(state, tmp)
        os.replace(tmp, self.checkpoint_path)

    def resume(self):
        state = torch.load(self.checkpoint_path, map_location=self.device)
        self.decoder.load_state_dict(state['decoder'])
        self.averaged.load_state_dict(state['averaged'])
        self.optimizer.load_state_dict(state['optimizer'])
        self.step, self.best, self.baseline = state['step'], state['best'], state['baseline']
        self.rng.setstate(state['rng'])
        torch.set_rng_state(state['torch_rng'])
        print(f'resumed at step {self.step} from {self.checkpoint_path}', flush=True)

    def log(self, record):
        self.log_file.write(json.dumps({'time': round(time.time(), 1), **record}) + '\n')
        self.log_file.flush()


def duration(seconds):
    seconds = int(seconds)
    return f'{seconds // 3600}h {seconds % 3600 // 60:02d}m' if seconds >= 3600 else f'{seconds // 60}m {seconds % 60:02d}s'


def main(argv=None):
    args = parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    trainer = Trainer(args)
    trainer.log({'event': 'start', 'step': trainer.step, 'args': {k: v for k, v in vars(args).items() if k not in ('data', 'out')}})
    stop = {'why': None}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(why='SIGTERM'))
    signal.signal(signal.SIGINT, lambda *_: stop.update(why='interrupted'))
    start = time.time()
    deadline = start + args.minutes * 60 if args.minutes else math.inf
    if trainer.step == 0 and not args.fixed_batch:
        trainer.run_validation()
    first_step = trainer.step
    while trainer.step < args.steps and stop['why'] is None:
        if time.time() >= deadline:
            stop['why'] = f'--minutes {args.minutes} reached'
            break
        parts = trainer.train_step()
        trainer.log({'event': 'step', 'step': trainer.step, **{k: round(v, 6) for k, v in parts.items()}})
        done = trainer.step - first_step
        rate = done / (time.time() - start)
        if trainer.step % 10 == 0 or args.fixed_batch:
            eta = duration((args.steps - trainer.step) / rate) if rate > 0 else '?'
            print(f'step {trainer.step}/{args.steps} · {rate:.2f} steps/s · loss {parts["loss"]:.4f} (feature {parts["feature"]:.4f}, '
                  f'style {parts["style"]:.4f}, pixel {parts["pixel"]:.4f}, tv {parts["tv"]:.4f}) · ETA {eta}', flush=True)
        if not args.fixed_batch and trainer.step % args.validate_every == 0:
            trainer.run_validation()
        elif trainer.step % args.checkpoint_every == 0:
            trainer.save()
    trainer.save()
    print(f'stopped at step {trainer.step} ({stop["why"] or "--steps reached"}); checkpoint {trainer.checkpoint_path}', flush=True)


if __name__ == '__main__':
    main()
