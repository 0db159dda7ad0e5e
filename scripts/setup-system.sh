#!/usr/bin/env bash
# Installs the system packages the tests need on Debian/Ubuntu: the Vulkan loader, a software Vulkan driver that
# Dawn accepts (Mesa >= 24 lavapipe; on Debian bookworm that is bookworm-backports) and Chromium for the browser
# tests. Idempotent: skips whatever is already present. A machine with a real GPU and its vendor's Vulkan driver
# needs none of the driver part; Chromium is still needed for the browser tests.
set -euo pipefail

# The Debian mirror this machine already uses for release $1, read from its apt sources (one-line .list files and
# deb822 .sources files), so that no mirror host is written down here.
debian_mirror() {
  local codename=$1 file line types="" uris="" suites=""
  # One-line format: deb [options] URI SUITE COMPONENTS...
  { cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true; } \
    | sed -e 's/#.*//' -e 's/\[[^]]*\]//' | awk -v s="$codename" '$1 == "deb" && $3 == s { print $2 }'
  # deb822 format: paragraphs of "Field: value" lines.
  paragraph() {
    case " $types " in *" deb "*) ;; *) return ;; esac
    case " $suites " in *" $codename "*) echo "${uris%% *}" ;; esac
  }
  for file in /etc/apt/sources.list.d/*.sources; do
    [ -f "$file" ] || continue
    while IFS= read -r line || [ -n "$line" ]; do
      case "$line" in
        Types:*) types=$(echo ${line#Types:}) ;;
        URIs:*) uris=$(echo ${line#URIs:}) ;;
        Suites:*) suites=$(echo ${line#Suites:}) ;;
        "") paragraph; types="" uris="" suites="" ;;
      esac
    done <"$file"
    paragraph; types="" uris="" suites=""
  done
}
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
mesa_version() { dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null | cut -d. -f1; }

if ! command -v apt-get >/dev/null; then
  echo "setup-system: no apt-get here; install a Vulkan loader, a Vulkan driver (Mesa >= 24 lavapipe or your GPU's) and Chromium by hand." >&2
  exit 0
fi
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"

missing=()
have_pkg libvulkan1 || missing+=(libvulkan1)
have_pkg chromium || missing+=(chromium)
mesa_major=$(mesa_version || true)
need_mesa=0
if [ -z "$mesa_major" ] || [ "$mesa_major" -lt 24 ]; then need_mesa=1; fi

if [ ${#missing[@]} -eq 0 ] && [ $need_mesa -eq 0 ]; then
  echo "setup-system: libvulkan1, mesa-vulkan-drivers $(dpkg-query -W -f='${Version}' mesa-vulkan-drivers) and chromium are present"
  exit 0
fi

codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
if [ $need_mesa -eq 1 ] && [ "$codename" = "bookworm" ]; then
  # Debian 12's own Mesa 22.3 lavapipe is rejected by Dawn; backports carries Mesa 25.
  list=/etc/apt/sources.list.d/bookworm-backports.list
  if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    mirror=$(debian_mirror bookworm | head -n 1)
    if [ -z "$mirror" ]; then
      echo "setup-system: no apt source for bookworm found to derive the backports mirror from; add bookworm-backports by hand." >&2
      exit 1
    fi
    echo "deb $mirror bookworm-backports main" | $SUDO tee "$list" >/dev/null
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
if [ ${#missing[@]} -gt 0 ]; then $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; fi
if [ $need_mesa -eq 1 ]; then
  if [ "$codename" = "bookworm" ]; then
    $SUDO apt-get install -y -qq --no-install-recommends -t bookworm-backports mesa-vulkan-drivers
  else
    $SUDO apt-get install -y -qq --no-install-recommends mesa-vulkan-drivers
  fi
fi
echo "setup-system: done (mesa-vulkan-drivers $(dpkg-query -W -f='${Version}' mesa-vulkan-drivers))"
