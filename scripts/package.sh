#!/usr/bin/env bash
# Makes a folder and a tarball a school can run without a Swift toolchain:
#   dist/workbench-VERSION-linux-ARCH/bin/workbench, its resource bundles, libWorkbenchKit.so (the
#   plugin SDK, shared with compiled plugins) and the Swift runtime libraries it needs, found through
#   the binary's $ORIGIN run path. The Swift runtime is linked dynamically, not statically, so that
#   compiled plugins load into the same runtime as the host.
#
#   scripts/package.sh          build and package
#   scripts/package.sh --check  then run the package with /opt/swift hidden (as root: a private
#                               mount namespace): --version, the demo, a page from `serve`, and the
#                               example compiled plugin trusted and listed.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build -c release --product workbench
bin_path="$(swift build -c release --show-bin-path)"
version="$("$bin_path/workbench" --version)"
name="workbench-$version-linux-$(uname -m)"
out="dist/$name"
rm -rf "$out" "dist/$name.tar.gz"
mkdir -p "$out/bin"

cp "$bin_path/workbench" "$out/bin/"
# Debug information is for developers; symbols stay, so a crash still names its functions.
strip --strip-debug "$out/bin/workbench"
for bundle in "$bin_path"/*.resources; do cp -R "$bundle" "$out/bin/"; done
cp "$bin_path/libWorkbenchKit.so" "$out/bin/"

# Every library the binary loads from the toolchain or the build folder goes beside it.
toolchain="$(dirname "$(dirname "$(command -v swift)")")"
ldd "$out/bin/workbench" | awk '/=>/ { print $3 }' | while read -r library; do
    case "$library" in
        "$toolchain"/*|"$bin_path"/*) cp -L "$library" "$out/bin/" ;;
    esac
done

cat > "$out/README.txt" <<TEXT
R&D Workbench $version for Linux ($(uname -m)).

Needs Debian's libxml2 and libsqlite3-0 (apt-get install libxml2 libsqlite3-0); no Swift toolchain.

  bin/workbench demo                          make the sample project
  bin/workbench serve --project demo-project  open it in your browser (the address is printed)

Keep the files in bin/ together: the program finds its libraries and resources beside it.
TEXT

tar -C dist -czf "dist/$name.tar.gz" "$name"
echo "Packaged $out ($(du -sh "$out" | cut -f1)) and dist/$name.tar.gz"

[ "${1:-}" = "--check" ] || exit 0

# The example compiled plugin, built with the toolchain as a plugin author would.
swift build -c release --package-path Plugins/Examples/ReadingAgeGain
plugin="$(swift build -c release --package-path Plugins/Examples/ReadingAgeGain --show-bin-path)/libReadingAgeGain.so"
check="$(mktemp -d)"
cp -R "$out" "$check/package"
cp "$plugin" "$check/libReadingAgeGain.so"

unshare --mount bash -euo pipefail -c '
    mount -t tmpfs tmpfs "'"$toolchain"'"
    cd "'"$check"'"
    workbench=package/bin/workbench
    unset LD_LIBRARY_PATH
    test ! -e "'"$toolchain"'/usr/bin/swift"
    echo "Toolchain hidden; libraries the program resolves:"
    ldd "$workbench" | grep -v "^\s*/lib\|linux-vdso" | sed "s/^/  /"
    if ldd "$workbench" | grep -q "not found"; then echo "a library is missing"; exit 1; fi
    "$workbench" --version
    "$workbench" demo demo-project > /dev/null
    cp libReadingAgeGain.so demo-project/plugins/
    "$workbench" plugins trust demo-project/plugins/libReadingAgeGain.so --project demo-project
    "$workbench" plugins list --project demo-project | grep "reading-age-gain .*compiled"
    "$workbench" serve --project demo-project --port 0 > serve.out 2>&1 &
    server=$!
    for _ in $(seq 50); do grep -q "token=" serve.out && break; sleep 0.2; done
    address="$(grep -o "http://127.0.0.1:[0-9]*/?token=[0-9a-f]*" serve.out)"
    status="$(curl -s -L -b "" -o page.html -w "%{http_code}" "$address")"
    kill -INT "$server"; wait "$server" || true
    test "$status" = 200 && grep -q "Confident, ambitious science teaching" page.html
    echo "Checked without the toolchain: demo, serve (HTTP $status) and the compiled plugin."
'
rm -rf "$check"
