"""The library's networks and swap in PyTorch, layer for layer: what the trainer optimises and measures.

Same weights files (safetensors, OIHW), reflection padding 1 before every 3×3 conv, 2×2 max pools (floor), nearest
×2 upsampling, and the swap of src/reference/swap.ts: k×k windows at a stride, scores ⟨Q, P⟩_w / (‖P‖_w + 1e-8)
with w = caffe_scale² in the 'vgg19' match space (1 in 'normalized'), argmax with ties to the lowest index, and each
feature pixel the mean of the chosen style windows covering it (content where none does).
"""
import json
import struct

import numpy as np
import torch
import torch.nn.functional as F

ENCODER_CONVS = ('conv1_1', 'conv1_2', 'conv2_1', 'conv2_2', 'conv3_1')
DECODER_CONVS = ('deconv3_1', 'deconv2_2', 'deconv2_1', 'deconv1_2', 'deconv1_1')
# Encoder layers whose outputs the style term compares (after conv1_1, conv2_1, conv3_1).
STYLE_LAYERS = ('relu1_1', 'relu2_1', 'relu3_1')


def read_safetensors(path):
    """{name: float32 tensor} of a safetensors file (F32 only, as the library's weights are)."""
    with open(path, 'rb') as f:
        data = f.read()
    (header_len,) = struct.unpack('<Q', data[:8])
    header = json.loads(data[8:8 + header_len])
    body = data[8 + header_len:]
    tensors = {}
    for name, spec in header.items():
        if name == '__metadata__':
            continue
        if spec['dtype'] != 'F32':
            raise ValueError(f'{path}: tensor {name} is {spec["dtype"]}, only F32 is read')
        begin, end = spec['data_offsets']
        array = np.frombuffer(body[begin:end], dtype='<f4').reshape(spec['shape'])
        tensors[name] = torch.from_numpy(array.copy())
    return tensors


def write_safetensors(path, tensors, metadata=None):
    """Writes {name: tensor} as F32 safetensors, names sorted, header padded to 8 bytes as the format recommends."""
    header = {}
    chunks = []
    offset = 0
    for name in sorted(tensors):
        array = tensors[name].detach().cpu().contiguous().to(torch.float32).numpy().astype('<f4')
        raw = array.tobytes()
        header[name] = {'dtype': 'F32', 'shape': list(array.shape), 'data_offsets': [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    if metadata:
        header['__metadata__'] = {k: str(v) for k, v in metadata.items()}
    text = json.dumps(header, separators=(',', ':')).encode()
    text += b' ' * (-len(text) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for raw in chunks:
            f.write(raw)


def conv3x3(x, weight, bias, relu=True):
    y = F.conv2d(F.pad(x, (1, 1, 1, 1), mode='reflect'), weight, bias)
    return F.relu(y) if relu else y


class Encoder(torch.nn.Module):
    """VGG19 to relu3_1 (frozen): RGB in [0, 1], [N, 3, H, W] → relu1_1, relu2_1, relu3_1 (H, W multiples of 4)."""

    def __init__(self, path):
        super().__init__()
        t = read_safetensors(path)
        self.register_buffer('conv0_weight', t['conv0.weight'])
        self.register_buffer('conv0_bias', t['conv0.bias'])
        for name in ENCODER_CONVS:
            self.register_buffer(f'{name}_weight', t[f'{name}.weight'])
            self.register_buffer(f'{name}_bias', t[f'{name}.bias'])
        self.register_buffer('caffe_scale', t['conv3_1.caffe_scale'])

    def _conv(self, name, x, relu=True):
        return conv3x3(x, getattr(self, f'{name}_weight'), getattr(self, f'{name}_bias'), relu)

    def layers(self, image):
        """{relu1_1, relu2_1, relu3_1} of `image`."""
        x = F.conv2d(image, self.conv0_weight, self.conv0_bias)
        relu1_1 = self._conv('conv1_1', x)
        x = F.max_pool2d(self._conv('conv1_2', relu1_1), 2)
        relu2_1 = self._conv('conv2_1', x)
        x = F.max_pool2d(self._conv('conv2_2', relu2_1), 2)
        relu3_1 = self._conv('conv3_1', x)
        return {'relu1_1': relu1_1, 'relu2_1': relu2_1, 'relu3_1': relu3_1}

    def forward(self, image):
        return self.layers(image)['relu3_1']


class Decoder(torch.nn.Module):
    """The inverse net: relu3_1 [N, 256, h, w] → unclamped RGB [N, 3, 4h, 4w] (the architecture of the shipped file)."""

    def __init__(self, path):
        super().__init__()
        t = read_safetensors(path)
        self.convs = torch.nn.ModuleDict()
        for name in DECODER_CONVS:
            weight = t[f'{name}.weight']
            conv = torch.nn.Conv2d(weight.shape[1], weight.shape[0], 3)
            with torch.no_grad():
                conv.weight.copy_(weight)
                conv.bias.copy_(t[f'{name}.bias'])
            self.convs[name] = conv

    def forward(self, features):
        c = self.convs
        x = conv3x3(features, c['deconv3_1'].weight, c['deconv3_1'].bias)
        x = F.interpolate(x, scale_factor=2, mode='nearest')
        x = conv3x3(x, c['deconv2_2'].weight, c['deconv2_2'].bias)
        x = conv3x3(x, c['deconv2_1'].weight, c['deconv2_1'].bias)
        x = F.interpolate(x, scale_factor=2, mode='nearest')
        x = conv3x3(x, c['deconv1_2'].weight, c['deconv1_2'].bias)
        return conv3x3(x, c['deconv1_1'].weight, c['deconv1_1'].bias, relu=False)

    def tensors(self):
        """The weights under the library's names, for write_safetensors."""
        out = {}
        for name, conv in self.convs.items():
            out[f'{name}.weight'] = conv.weight
            out[f'{name}.bias'] = conv.bias
        return out


@torch.no_grad()
def swap(content, style, channel_scale=None, patch_size=3, stride=1):
    """The style swap of one pair: content [256, h, w], style [256, hs, ws] → (swapped [256, h, w], argmax [windows]).

    `channel_scale`: caffe_scale for the 'vgg19' match space (scores weighted by its square), None for 'normalized'.
    """
    k = patch_size
    scale = channel_scale.view(-1, 1, 1) if channel_scale is not None else 1.0
    weighted_style = (style * scale).unsqueeze(0)
    # Style windows as filters [ns, C, k, k]; rows of windows first, as the library numbers them.
    windows = F.unfold(weighted_style, k, stride=stride)  # [1, C·k·k, ns]
    norms = windows[0].norm(dim=0)  # ‖P_j‖_w
    filters = (windows[0] / (norms + 1e-8)).t().reshape(-1, style.shape[0], k, k)
    scores = F.conv2d((content * scale).unsqueeze(0), filters, stride=stride)[0]  # [ns, rows, cols]
    rows, cols = scores.shape[1:]
    argmax = scores.reshape(scores.shape[0], -1).argmax(dim=0)  # first maximum on ties
    return gather_average(content, style, argmax, rows, cols, k, stride), argmax


def gather_average(content, style, argmax, rows, cols, k, stride):
    """Each pixel: the mean of the chosen style windows' values over the content windows covering it, else content."""
    raw_windows = F.unfold(style.unsqueeze(0), k, stride=stride)[0]  # [C·k·k, ns]
    chosen = raw_windows[:, argmax].unsqueeze(0)  # [1, C·k·k, rows·cols]
    size = content.shape[1:]
    sums = F.fold(chosen, size, k, stride=stride)[0]
    counts = F.fold(torch.ones(1, k * k, rows * cols, dtype=content.dtype), size, k, stride=stride)[0]
    return torch.where(counts > 0, sums / counts.clamp(min=1), content)
