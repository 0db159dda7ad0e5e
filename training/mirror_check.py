#!/usr/bin/env python3
"""Compares the PyTorch mirror (stylenet.py) with what the library computed for one pair, stage by stage.

Usage: mirror_check.py DIR, where DIR holds what test/gpu/trainingMirror.test.ts writes: meta.json, content.rgba,
style.rgba (RGBA8), content.f32, style.f32, swapped.f32 (relu3_1 features, CHW), argmax.i32 and decoded.rgba.
Prints one JSON object: the PSNR of each stage (features against their peak, pixels against 255) and the share of
windows whose match agrees. Each stage starts from the library's own input to it, so errors do not compound; the
last figure runs the whole mirror from the pixels.
"""
import json
import math
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stylenet import Decoder, Encoder, swap  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def psnr(ours, theirs, peak):
    mse = float(((ours.double() - theirs.double()) ** 2).mean())
    return math.inf if mse == 0 else 10 * math.log10(peak ** 2 / mse)


def main(folder):
    meta = json.load(open(os.path.join(folder, 'meta.json')))
    read = lambda name, dtype: torch.from_numpy(np.fromfile(os.path.join(folder, name), dtype=dtype).copy())  # noqa: E731

    def image(name, size):
        rgba = read(name, np.uint8).reshape(size['height'], size['width'], 4)
        return rgba[..., :3].permute(2, 0, 1).unsqueeze(0).to(torch.float32) / 255

    def features(name, size):
        return read(name, '<f4').reshape(256, size['height'] // 4, size['width'] // 4)

    encoder = Encoder(os.path.join(ROOT, 'weights', 'vgg19_relu3_1.safetensors'))
    decoder = Decoder(os.path.join(ROOT, 'weights', 'decoder_relu3_1.safetensors'))
    content, style = image('content.rgba', meta['content']), image('style.rgba', meta['style'])
    lib_content, lib_style = features('content.f32', meta['content']), features('style.f32', meta['style'])
    lib_swapped, lib_argmax = features('swapped.f32', meta['content']), read('argmax.i32', '<i4')
    lib_decoded = read('decoded.rgba', np.uint8).reshape(meta['content']['height'], meta['content']['width'], 4)[..., :3]
    to_bytes = lambda x: (x.clamp(0, 1) * 255).round()[0].permute(1, 2, 0)  # noqa: E731
    with torch.no_grad():
        content_features = encoder(content)[0]
        style_features = encoder(style)[0]
        swapped, argmax = swap(lib_content, lib_style, encoder.caffe_scale)
        decoded = to_bytes(decoder(lib_swapped.unsqueeze(0)))
        whole, _ = swap(content_features, style_features, encoder.caffe_scale)
        end_to_end = to_bytes(decoder(whole.unsqueeze(0)))
    peak = lambda t: float(t.abs().max())  # noqa: E731
    print(json.dumps({
        'encoder_content_db': psnr(content_features, lib_content, peak(lib_content)),
        'encoder_style_db': psnr(style_features, lib_style, peak(lib_style)),
        'match_agreement': float((argmax.to(torch.int32) == lib_argmax).double().mean()),
        'swap_db': psnr(swapped, lib_swapped, peak(lib_swapped)),
        'decoder_db': psnr(decoded, lib_decoded.to(torch.float32), 255),
        'end_to_end_db': psnr(end_to_end, lib_decoded.to(torch.float32), 255),
    }))


if __name__ == '__main__':
    main(sys.argv[1])
