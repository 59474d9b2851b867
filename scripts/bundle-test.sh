#!/usr/bin/env bash
# `make bundle-test`: the packages `make bundle` built, tried as a user would.
#   .deb: metadata, size, `apt-get install ./….deb`, the installed CLI checks a local fake and the
#         installed window starts from its desktop entry's Exec= line (both in a network namespace
#         with only loopback up, under Xvfb and a private D-Bus session: tests/tests/bundle.rs),
#         then `apt-get remove --purge` and nothing of `dpkg -L` may be left.
#   .rpm: `rpm -qip`, its file list and dependencies.
# BUNDLE_PROFILE names the cargo profile the packages were built with (release or ci-bundle); the
# 8 MB size goal is enforced for release. Needs root (apt, netns): without it, it says SKIPPED,
# and under CI=true it fails instead. Nothing else is skipped silently.
set -euo pipefail
cd "$(dirname "$0")/.."
PROFILE=${BUNDLE_PROFILE:-release}
TARGET=${CARGO_TARGET_DIR:-$PWD/target}
BUNDLE=$TARGET/$PROFILE/bundle
MAX_DEB_BYTES=$((8 * 1024 * 1024))
fail() { echo "bundle-test: FAIL: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null || fail "$1 is missing (make deps installs it)"; }

if [ "$(id -u)" != 0 ]; then
  if [ "${CI:-}" = true ]; then
    command -v sudo >/dev/null || fail "needs root (apt-get install, network namespaces)"
    exec sudo -E env "PATH=$PATH" "$0" "$@"
  fi
  echo "bundle-test: SKIPPED (needs root: apt-get install and network namespaces; run it as root)"
  exit 0
fi
for tool in dpkg-deb apt-get ip xvfb-run xwininfo dbus-run-session rpm; do need "$tool"; done

deb=$(ls -t "$BUNDLE"/deb/*.deb 2>/dev/null | head -1 || true)
rpm=$(ls -t "$BUNDLE"/rpm/*.rpm 2>/dev/null | head -1 || true)
[ -n "$deb" ] || fail "no .deb in $BUNDLE/deb: run make bundle (or BUNDLE_PROFILE=ci-bundle make bundle-ci)"
[ -n "$rpm" ] || fail "no .rpm in $BUNDLE/rpm"

echo "== .deb $(basename "$deb") ($PROFILE)"
size=$(stat -c %s "$deb")
printf '%s bytes (%s MB); installed binary %s bytes\n' "$size" "$(awk "BEGIN{printf \"%.2f\", $size/1048576}")" \
  "$(dpkg-deb --fsys-tarfile "$deb" | tar -tvf - --wildcards '*usr/bin/site-doctor' | awk '{print $3}')"
if [ "$PROFILE" = release ] && [ "$size" -ge "$MAX_DEB_BYTES" ]; then fail ".deb is over 8 MB"; fi
dpkg-deb -I "$deb" | sed -n '/Package:/,$p'
control=$(dpkg-deb -f "$deb")
for field in Package Version Architecture Maintainer Homepage Section Priority Depends Description; do
  grep -q "^$field: ." <<<"$control" || fail "control has no $field"
done
grep -q '^Package: site-doctor$' <<<"$control" || fail "package name is not site-doctor"
grep -q '^Depends:.*libwebkit2gtk-4.1-0' <<<"$control" || fail "Depends lacks WebKitGTK 4.1"
[ "$(grep -c '^ ' <<<"$control")" -ge 1 ] || fail "no long description"
raw=$(dpkg-deb --fsys-tarfile "$deb" | tar -t)
files=$(sed 's|^\./||; s|^|/|' <<<"$raw")
echo "$files"
grep -qx '/usr/bin/site-doctor' <<<"$files" || fail "no /usr/bin/site-doctor"
grep -qx '/usr/share/doc/site-doctor/copyright' <<<"$files" || fail "no copyright file"
grep -q '^/usr/share/icons/hicolor/.*/apps/site-doctor.png$' <<<"$files" || fail "no icon"
cli_files="/usr/share/bash-completion/completions/site-doctor /usr/share/zsh/vendor-completions/_site-doctor
  /usr/share/fish/vendor_completions.d/site-doctor.fish /usr/share/man/man1/site-doctor.1
  /usr/share/man/man1/site-doctor-check.1 /usr/share/man/man1/site-doctor-fix.1"
for f in $cli_files; do grep -qx "$f" <<<"$files" || fail ".deb has no $f"; done
desktop_in_deb=$(grep '\.desktop$' <<<"$raw" | head -1)
[ -n "$desktop_in_deb" ] || fail "no desktop entry"
entry=$(dpkg-deb --fsys-tarfile "$deb" | tar -xOf - "$desktop_in_deb")
echo "$entry"
for key in Name Exec Icon Categories Keywords Comment; do grep -q "^$key=." <<<"$entry" || fail "desktop entry has no $key="; done

echo "== apt-get install ./$(basename "$deb")"
if dpkg -s site-doctor >/dev/null 2>&1; then fail "site-doctor is installed already: remove it first"; fi
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >/dev/null
installed_list=$(mktemp)
ns="sd-bundle-$$"
cleanup() {
  ip netns del "$ns" 2>/dev/null || true
  if dpkg -s site-doctor >/dev/null 2>&1; then DEBIAN_FRONTEND=noninteractive apt-get remove --purge -y -qq site-doctor >/dev/null || true; fi
  rm -f "$installed_list"
}
trap cleanup EXIT
dpkg -L site-doctor | sort > "$installed_list"
echo "installed $(wc -l < "$installed_list") paths; $(command -v site-doctor): $(site-doctor --version 2>&1 | head -1)"
desktop=$(grep '\.desktop$' "$installed_list" | head -1)
# The installed completion completes as bash would call it: "site-doctor ch<Tab>".
completed=$(bash -c 'source /usr/share/bash-completion/completions/site-doctor
  COMP_WORDS=(site-doctor ch); COMP_CWORD=1; _site__doctor site-doctor ch site-doctor; echo "${COMPREPLY[*]}"')
[ "$completed" = check ] || fail "bash completion of 'site-doctor ch' gave '$completed', not 'check'"
echo "bash completion: site-doctor ch<Tab> -> $completed"

echo "== the installed app in network namespace $ns (only lo up; no route out)"
cargo test -q -p site-doctor-tests --test bundle --no-run 2>&1 | tail -2
ip netns add "$ns"
ip -n "$ns" link set lo up
[ -z "$(ip -n "$ns" route show default)" ] || fail "namespace has a default route"
timeout 300 ip netns exec "$ns" env SITE_DOCTOR_BIN=/usr/bin/site-doctor SITE_DOCTOR_DESKTOP="$desktop" \
  xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  cargo test -q --offline -p site-doctor-tests --test bundle -- --ignored --nocapture --test-threads=1

echo "== apt-get remove --purge site-doctor"
DEBIAN_FRONTEND=noninteractive apt-get remove --purge -y -qq site-doctor >/dev/null
! dpkg -s site-doctor >/dev/null 2>&1 || fail "still installed"
left=0
while IFS= read -r path; do
  # Directories such as /usr/bin are shared; every file and link the package owned must be gone.
  if [ -e "$path" ] && [ ! -d "$path" ] || [ -L "$path" ]; then echo "left behind: $path"; left=1; fi
  if [ -d "$path" ] && [[ "$path" == */site-doctor || "$path" == */site-doctor/* ]]; then echo "left behind: $path/"; left=1; fi
done < "$installed_list"
[ "$left" = 0 ] || fail "files left after removal"
echo "removed: none of the $(wc -l < "$installed_list") paths is left"

echo "== .rpm $(basename "$rpm") ($(stat -c %s "$rpm") bytes)"
rpm -qip "$rpm" 2>/dev/null
echo "-- files"
rpm_files=$(rpm -qlp "$rpm" 2>/dev/null); echo "$rpm_files"
echo "-- requires"
rpm_requires=$(rpm -qp --requires "$rpm" 2>/dev/null); echo "$rpm_requires"
grep -qx /usr/bin/site-doctor <<<"$rpm_files" || fail ".rpm has no /usr/bin/site-doctor"
for f in ${cli_files/vendor-completions/site-functions}; do grep -qx "$f" <<<"$rpm_files" || fail ".rpm has no $f"; done
grep -q '\.desktop$' <<<"$rpm_files" || fail ".rpm has no desktop entry"
grep -q '^webkit2gtk4.1' <<<"$rpm_requires" || fail ".rpm does not require webkit2gtk4.1"
[ "$(rpm -qp --qf '%{NAME} %{LICENSE} %{URL}' "$rpm" 2>/dev/null)" = "site-doctor MIT OR Apache-2.0 https://github.com/site-doctor/site-doctor" ] \
  || fail ".rpm name/licence/URL: $(rpm -qp --qf '%{NAME} %{LICENSE} %{URL}' "$rpm" 2>/dev/null)"
echo "bundle-test: OK"
