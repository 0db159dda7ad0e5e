"""The three figures a decoder is judged by (definitions in training/README.md), on relu features of the encoder."""
import torch

from stylenet import STYLE_LAYERS


def gram(features):
    """[N, C, H, W] → [N, C, C]: F Fᵀ / (H·W)."""
    n, c, h, w = features.shape
    flat = features.reshape(n, c, h * w)
    return flat @ flat.transpose(1, 2) / (h * w)


def feature_loss(features, target):
    """mean((Φ(I) − T)²) / mean(T²) per image: how far the decoded image's relu3_1 is from the swap target."""
    dims = tuple(range(1, target.dim()))
    return ((features - target) ** 2).mean(dim=dims) / (target ** 2).mean(dim=dims)


def style_distance(layers, style_grams):
    """Mean over relu1_1, relu2_1, relu3_1 of ‖G(I) − G(S)‖² / ‖G(S)‖², per image."""
    total = 0
    for name in STYLE_LAYERS:
        g, s = gram(layers[name]), style_grams[name]
        total = total + ((g - s) ** 2).sum(dim=(1, 2)) / (s ** 2).sum(dim=(1, 2))
    return total / len(STYLE_LAYERS)


def content_distance(features, content_features):
    """‖Φ(I) − Φ(C)‖² / ‖Φ(C)‖² at relu3_1, per image."""
    dims = tuple(range(1, content_features.dim()))
    return ((features - content_features) ** 2).sum(dim=dims) / (content_features ** 2).sum(dim=dims)


def style_grams(encoder, style_image):
    """{layer: Gram} of a style image [N, 3, H, W]."""
    layers = encoder.layers(style_image)
    return {name: gram(layers[name]) for name in STYLE_LAYERS}


@torch.no_grad()
def judge(encoder, image, target, grams, content_features):
    """The three figures of decoded images (clamped to [0, 1], as the library outputs them), per image."""
    layers = encoder.layers(image.clamp(0, 1))
    return {
        'feature_loss': feature_loss(layers['relu3_1'], target),
        'style_distance': style_distance(layers, grams),
        'content_distance': content_distance(layers['relu3_1'], content_features),
    }
