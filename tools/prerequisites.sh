# shellcheck shell=bash disable=SC2034  # the variables are for the scripts that source this
# Installs what Récolte needs to build and test, and only what is missing, so a second run
# is fast. Sourced by tools/run-app and tools/test-all, from the repository root.
# Non-interactive: it never reads stdin; as root it installs directly, otherwise via `sudo -n`.

export DEBIAN_FRONTEND=noninteractive

# What the desktop shell links against (Tauri 2 on Linux) and what building it needs.
readonly BUILD_PACKAGES=(
    libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev
    build-essential pkg-config curl file
)
# What the end-to-end tests drive the app with: WebKitWebDriver, and a display in memory;
# the spreadsheet program the export tests open the exports with, and the PDF renderer
# the report tests look at the pages with.
readonly TEST_PACKAGES=(webkit2gtk-driver xvfb xauth libreoffice-calc-nogui poppler-utils)

readonly MIN_NODE_MAJOR=20
# Tauri 2.12 needs this compiler.
readonly MIN_RUST_MINOR=90

# Bold and red only on a terminal, so CI logs stay plain text.
if [ -t 1 ]; then
    BOLD=$'\033[1m' RED=$'\033[1;31m' GREEN=$'\033[1;32m' PLAIN=$'\033[0m'
else
    BOLD='' RED='' GREEN='' PLAIN=''
fi

section() {
    printf '\n%s==> %s%s\n' "$BOLD" "$*" "$PLAIN"
}

fail() {
    printf '%serror:%s %s\n' "$RED" "$PLAIN" "$*" >&2
    exit 1
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo -n "$@" </dev/null || fail "\`sudo $*\` failed; run it yourself once, or give this user passwordless sudo."
    else
        fail "\`$*\` needs root, and sudo is not installed: run it as root once."
    fi
}

apt_updated=false
apt_install() {
    if [ "$apt_updated" = false ]; then
        as_root apt-get update -q </dev/null
        apt_updated=true
    fi
    as_root apt-get install -y -q --no-install-recommends "$@" </dev/null
}

# Installs the Debian packages given as arguments that are not installed yet.
ensure_apt_packages() {
    local missing=() package
    for package in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$package")
        fi
    done
    if [ "${#missing[@]}" -eq 0 ]; then
        echo "system packages: all present"
    else
        echo "system packages: installing ${missing[*]}"
        apt_install "${missing[@]}"
    fi
}

ensure_node() {
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        echo "node/npm: installing from Debian"
        apt_install nodejs npm
    fi
    local major
    major=$(node -p 'process.versions.node.split(".")[0]')
    if [ "$major" -lt "$MIN_NODE_MAJOR" ]; then
        # Debian 12 ships Node 18; the npm registry's `node` package brings a current one.
        echo "node: $(node --version) is too old, installing Node $MIN_NODE_MAJOR from the npm registry"
        as_root npm install -g --no-audit --no-fund "node@$MIN_NODE_MAJOR" </dev/null || true
        hash -r
        major=$(node -p 'process.versions.node.split(".")[0]')
    fi
    if [ "$major" -lt "$MIN_NODE_MAJOR" ]; then
        fail "Node.js $MIN_NODE_MAJOR or newer is needed to build the interface (found $(node --version)). Install a current Node.js (e.g. from https://nodejs.org or your distribution's backports) and run this again."
    fi
    echo "node: $(node --version), npm: $(npm --version)"
}

ensure_rust() {
    # A rustup installed earlier may not be on this shell's PATH yet.
    if [ -d "${CARGO_HOME:-$HOME/.cargo}/bin" ]; then
        export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
    fi
    if ! command -v cargo >/dev/null 2>&1; then
        echo "rust: installing with rustup"
        curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
        export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
    fi
    local minor
    minor=$(rustc --version | sed -E 's/^rustc 1\.([0-9]+).*/\1/')
    if [ "$minor" -lt "$MIN_RUST_MINOR" ]; then
        if command -v rustup >/dev/null 2>&1; then
            echo "rust: $(rustc --version) is too old, updating the stable toolchain"
            rustup update stable </dev/null
        else
            fail "Rust 1.$MIN_RUST_MINOR or newer is needed (found $(rustc --version)); update it and run this again."
        fi
    fi
    echo "rust: $(rustc --version)"
}

ensure_tauri_driver() {
    if command -v tauri-driver >/dev/null 2>&1; then
        echo "tauri-driver: present"
    else
        echo "tauri-driver: installing"
        cargo install tauri-driver --locked --version '^2' </dev/null
    fi
}

# Installs the interface's dependencies when they are missing or older than the lock file,
# then builds it into ui/dist, which the desktop app embeds at compile time.
build_ui() {
    if [ ! -f ui/node_modules/.package-lock.json ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
        (cd ui && npm ci --no-audit --no-fund </dev/null)
    else
        echo "ui dependencies: up to date"
    fi
    (cd ui && npm run build </dev/null)
}
