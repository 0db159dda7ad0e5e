"""Training images: which files may be used, the validation split, and random crops.

A data folder holds content/ (photographs) and style/ (artworks, textures). For ../shared/training (it has a
manifest.csv and licenses/) only files whose licence lets a derived model ship permissively are used: kodak_,
aicpaint_, and the eslandp_ files that Debian's endless-sky-data copyright file lists as public domain. Any other
folder (your own images) is used whole.
"""
import fnmatch
import hashlib
import os
import random

import numpy as np
import torch
from PIL import Image, ImageOps

IMAGE_EXTENSIONS = ('.jpg', '.jpeg', '.png', '.webp')
PERMISSIVE_PREFIXES = ('kodak_', 'aicpaint_')
ESLANDP_COPYRIGHT = os.path.join('licenses', 'endless-sky-data.copyright')


def copyright_stanzas(path):
    """(file patterns, licence) of each stanza of a Debian machine-readable copyright file, in order."""
    stanzas, patterns, licence, in_files = [], [], None, False
    with open(path, encoding='utf-8') as f:
        for line in f.read().splitlines() + ['']:
            if not line.strip():
                if patterns:
                    stanzas.append((patterns, licence))
                patterns, licence, in_files = [], None, False
            elif line.startswith('Files:'):
                patterns, in_files = line[len('Files:'):].split(), True
            elif line.startswith(' ') and in_files:
                patterns += line.split()
            else:
                in_files = False
                if line.startswith('License:'):
                    licence = line[len('License:'):].strip()
    return stanzas


def debian_licence(stanzas, path):
    """The licence of `path`: the last stanza whose patterns match it wins (Debian's rule)."""
    found = None
    for patterns, licence in stanzas:
        if any(fnmatch.fnmatchcase(path, p) for p in patterns):
            found = licence
    return found


def is_permissive(folder, name, stanzas):
    if name.startswith(PERMISSIVE_PREFIXES):
        return True
    if name.startswith('eslandp_'):
        return debian_licence(stanzas, 'images/land/' + name[len('eslandp_'):]) == 'public-domain'
    return False


def list_images(folder):
    """{'content': [...], 'style': [...]} paths of the usable images of a data folder, sorted."""
    for sub in ('content', 'style'):
        if not os.path.isdir(os.path.join(folder, sub)):
            raise SystemExit(f'training data: {os.path.join(folder, sub)} is missing. Pass --data with a folder holding '
                             'content/ and style/ (the project uses ../shared/training).')
    curated = os.path.exists(os.path.join(folder, 'manifest.csv'))
    stanzas = copyright_stanzas(os.path.join(folder, ESLANDP_COPYRIGHT)) if curated else []
    out = {}
    for sub in ('content', 'style'):
        names = sorted(n for n in os.listdir(os.path.join(folder, sub)) if n.lower().endswith(IMAGE_EXTENSIONS))
        if curated:
            names = [n for n in names if is_permissive(folder, n, stanzas)]
        out[sub] = [os.path.join(folder, sub, n) for n in names]
    return out


def is_validation(path, fraction):
    """A fixed split by a hash of the file name: the same files are held out on every machine and run."""
    digest = hashlib.sha256(os.path.basename(path).encode()).digest()
    return int.from_bytes(digest[:4], 'big') / 2**32 < fraction


def split(paths, fraction):
    train = [p for p in paths if not is_validation(p, fraction)]
    held = [p for p in paths if is_validation(p, fraction)]
    return train, held


def load_rgb(path, max_side=None, min_side=None):
    """An image as uint8 [3, H, W], EXIF orientation applied, box-downscaled so no side exceeds max_side, and
    upscaled (bicubic) where its short side is under min_side."""
    with Image.open(path) as im:
        im = ImageOps.exif_transpose(im).convert('RGB')
        w, h = im.size
        if max_side and max(w, h) > max_side:
            s = max_side / max(w, h)
            im = im.resize((max(1, round(w * s)), max(1, round(h * s))), Image.BOX)
        w, h = im.size
        if min_side and min(w, h) < min_side:
            s = min_side / min(w, h)
            im = im.resize((round(w * s) + 1, round(h * s) + 1), Image.BICUBIC)
        return torch.from_numpy(np.asarray(im).copy()).permute(2, 0, 1).contiguous()


def to_float(image):
    return image.to(torch.float32) / 255


def random_crop(image, size, rng):
    """A size×size crop at a random place, randomly flipped left-right."""
    _, h, w = image.shape
    y, x = rng.randint(0, h - size), rng.randint(0, w - size)
    crop = image[:, y:y + size, x:x + size]
    return crop.flip(-1) if rng.random() < 0.5 else crop


def center_crop(image, size):
    _, h, w = image.shape
    y, x = (h - size) // 2, (w - size) // 2
    return image[:, y:y + size, x:x + size]


class ImagePool:
    """The images of one kind held in memory at training scale (content: long side ≤ content_side; style: long side
    ≤ style_side, the library's maxStyleSize), each at least crop pixels on its short side."""

    def __init__(self, paths, long_side, crop):
        self.paths = paths
        self.images = [load_rgb(p, max_side=long_side, min_side=crop) for p in paths]

    def __len__(self):
        return len(self.images)

    def sample(self, crop, rng: random.Random):
        i = rng.randrange(len(self.images))
        return i, random_crop(self.images[i], crop, rng)
