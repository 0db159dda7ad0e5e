#!/usr/bin/env bash
# Installs what the decoder's trainer (training/) and its tests need: Python 3 with PyTorch, NumPy and Pillow.
# Idempotent. On Debian/Ubuntu these come from the distribution (python3-torch is CPU-only); on a machine that
# already has a Python with PyTorch (a CUDA box), nothing is installed and that Python is used as it is.
set -euo pipefail

if /usr/bin/python3 -c 'import torch, numpy, PIL' 2>/dev/null; then
  echo "setup-training: $(/usr/bin/python3 -c 'import torch; print("PyTorch", torch.__version__)') with NumPy and Pillow is present"
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "setup-training: no apt-get here; install Python 3 with PyTorch, NumPy and Pillow by hand." >&2
  exit 1
fi
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends python3-torch python3-numpy python3-pil >/dev/null
echo "setup-training: installed $(/usr/bin/python3 -c 'import torch; print("PyTorch", torch.__version__)')"
