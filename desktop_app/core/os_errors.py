"""Operating-system errors in Russian, so a message never ends in «No such file or directory»."""

from __future__ import annotations

import errno

_REASONS = {
    errno.ENOENT: "файл или папка не найдены",
    errno.EACCES: "нет прав доступа",
    errno.EPERM: "нет прав доступа",
    errno.EISDIR: "указана папка, а не файл",
    errno.ENOTDIR: "часть пути — файл, а не папка",
    errno.ENOSPC: "диск заполнен",
    errno.EROFS: "диск доступен только для чтения",
    errno.EEXIST: "такой файл уже существует",
    errno.EIO: "ошибка чтения или записи диска",
    errno.ELOOP: "ссылки на файл замкнуты в круг",
    errno.ENAMETOOLONG: "слишком длинное имя файла или путь",
    errno.EBUSY: "файл занят другой программой",
    errno.EFBIG: "файл слишком большой",
    errno.EINVAL: "недопустимое имя файла или действие",
}


def describe_os_error(exc: OSError) -> str:
    """A short Russian reason for ``exc``; falls back to the system's text for rare errors."""
    return _REASONS.get(exc.errno or -1, exc.strerror or str(exc))
