#!/bin/sh
# Установка Опека-Офлайн для текущего пользователя (права администратора не нужны):
#   ./install.sh            — в ~/.local/opt/opeka-offline, ярлык в меню «Офис»
#   sudo ./install.sh --system — в /opt/opeka-offline для всех пользователей
#   ./install.sh --uninstall (или sudo ./install.sh --system --uninstall) — удалить программу (данные остаются)
set -eu
here=$(cd "$(dirname "$0")" && pwd)

scope=user
action=install
for argument in "$@"; do
    case "$argument" in
        --system) scope=system ;;
        --uninstall) action=uninstall ;;
        *) echo "Неизвестный параметр: $argument" >&2; exit 2 ;;
    esac
done

if [ "$scope" = system ]; then
    target=/opt/opeka-offline
    applications=/usr/share/applications
    icons=/usr/share/icons/hicolor/256x256/apps
    bin=/usr/local/bin
else
    target="$HOME/.local/opt/opeka-offline"
    applications="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
    icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps"
    bin="$HOME/.local/bin"
fi

if [ "$action" = uninstall ]; then
    rm -rf "$target"
    rm -f "$applications/opeka-offline.desktop" "$icons/opeka-offline.png"
    [ -L "$bin/opeka" ] && rm -f "$bin/opeka"
    echo "Программа удалена. Данные пользователей (~/.local/share/OpekaOffline) не тронуты."
    exit 0
fi

mkdir -p "$target" "$applications" "$icons" "$bin"
# A new version replaces the old program files; the database lives elsewhere and is kept.
rm -rf "$target.new"
cp -a "$here/program" "$target.new"
rm -rf "$target"
mv "$target.new" "$target"
cp "$here/opeka-offline.png" "$icons/opeka-offline.png"
sed "s|@PROGRAM_DIR@|$target|g" "$here/opeka-offline.desktop" > "$applications/opeka-offline.desktop"
chmod 644 "$applications/opeka-offline.desktop"
ln -sf "$target/opeka" "$bin/opeka"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$applications" || true
echo "Опека-Офлайн установлена в $target."
echo "Ярлык — в меню «Офис»; из терминала: $bin/opeka (opeka --help — команды)."
