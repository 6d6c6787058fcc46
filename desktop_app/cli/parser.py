"""The command line of `opeka`: every command, its arguments and its help, in Russian (argparse_ru)."""

from __future__ import annotations

import argparse
from datetime import date

from desktop_app import APP_TITLE, __version__
from desktop_app.cli import argparse_ru
from desktop_app.cli.backup_commands import add_backup_parsers
from desktop_app.cli.case_import_command import add_import_cases_parser
from desktop_app.cli.catalogue_commands import add_catalogue_parsers
from desktop_app.cli.exchange_commands import add_exchange_parsers
from desktop_app.cli.family_import_command import add_import_families_parser
from desktop_app.cli.form_commands import add_form_parsers
from desktop_app.cli.form_definition_commands import add_form_definition_parsers
from desktop_app.cli.keys_commands import add_keys_parser
from desktop_app.cli.measure_commands import add_measure_parsers
from desktop_app.cli.recover_admin import add_recover_admin_parser
from desktop_app.cli.report_command import add_report_parser
from desktop_app.cli.sign_in import OPEN_COMMANDS, SIGN_IN_EPILOG, add_sign_in_arguments, needs_sign_in
from desktop_app.domain.periods import PeriodKind
from desktop_app.domain.roles import Role


def _add_data_dir(parser: argparse.ArgumentParser, default: object = None) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="ПАПКА",
        default=default,
        help="папка с базой данных (по умолчанию — переменная OPEKA_DATA_DIR или папка пользователя)",
    )


def build_parser() -> argparse.ArgumentParser:
    argparse_ru.install()
    parser = argparse.ArgumentParser(
        prog="opeka",
        description=(
            f"{APP_TITLE}: реестр мероприятий, ресурсных семей и показателей. Без команды запускается окно программы."
        ),
        epilog=f"{SIGN_IN_EPILOG} Без входа работают: {', '.join(name for name in OPEN_COMMANDS if name)}.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_TITLE} {__version__}")
    _add_data_dir(parser)
    add_sign_in_arguments(parser)
    sub = parser.add_subparsers(dest="command", metavar="КОМАНДА", title="команды")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        if not needs_sign_in(name):
            description = f"{help_text}; {OPEN_COMMANDS[name]}"
            child = sub.add_parser(name, help=help_text, description=description)
            _add_data_dir(child, default=argparse.SUPPRESS)
            return child
        child = sub.add_parser(name, help=help_text, description=help_text, epilog=SIGN_IN_EPILOG)
        _add_data_dir(child, default=argparse.SUPPRESS)
        add_sign_in_arguments(child, default=argparse.SUPPRESS)
        return child

    command("gui", "открыть окно программы")

    init = command("init", "создать установку без мастера настройки")
    init.add_argument(
        "--role", required=True, choices=["district", "region"], help="district — муниципалитет, region — регион"
    )
    init.add_argument("--region", required=True, metavar="КОД", help="код субъекта РФ, например 29 или 54")
    init.add_argument("--district", metavar="НАЗВАНИЕ", default="", help="муниципальное образование из справочника")
    init.add_argument("--org", required=True, metavar="НАЗВАНИЕ", help="наименование организации")
    init.add_argument("--admin", required=True, metavar="ЛОГИН", help="логин первого администратора")
    init.add_argument("--admin-name", metavar="ФИО", default="Администратор", help="ФИО администратора")
    init.add_argument(
        "--password-file",
        required=True,
        metavar="ФАЙЛ",
        help="файл с паролем администратора или «-» для ввода из stdin",
    )

    demo = command("demo", "создать демонстрационную установку Плесецкого муниципального округа")
    demo.add_argument(
        "--region",
        action="store_true",
        help="установка регионального координатора Архангельской области, принявшая пакет демо-округа",
    )
    info = command("info", "сведения об установке и количестве записей")
    info.add_argument("--json", action="store_true", help="вывести в формате JSON")
    command("check", "проверить целостность базы данных")

    users = command("user", "учётные записи: список, добавление, разблокировка, новый пароль, отключение")
    user_sub = users.add_subparsers(dest="user_command", metavar="ДЕЙСТВИЕ", title="действия", required=True)

    def user_command(name: str, help_text: str, with_login: bool = True) -> argparse.ArgumentParser:
        child = user_sub.add_parser(name, help=help_text, description=help_text, epilog=SIGN_IN_EPILOG)
        _add_data_dir(child, default=argparse.SUPPRESS)
        add_sign_in_arguments(child, default=argparse.SUPPRESS)
        if with_login:
            child.add_argument("login", metavar="ЛОГИН")
        return child

    user_command("list", "список учётных записей", with_login=False).add_argument("--json", action="store_true")
    add = user_command("add", "добавить пользователя")
    add.add_argument("--name", required=True, metavar="ФИО", help="фамилия, имя, отчество")
    add.add_argument("--role", required=True, choices=[role.value for role in Role], help="роль")
    add.add_argument("--position", default="", metavar="ДОЛЖНОСТЬ")
    add.add_argument("--password-file", required=True, metavar="ФАЙЛ", help="файл с паролем или «-» для stdin")
    user_command("unlock", "снять блокировку после неудачных попыток входа")
    password = user_command("password", "задать новый пароль (пользователь забыл свой)")
    password.add_argument("--password-file", required=True, metavar="ФАЙЛ", help="файл с паролем или «-» для stdin")
    user_command("disable", "отключить учётную запись")
    user_command("enable", "включить учётную запись")
    command("self-test", "запустить окно без экрана, открыть все разделы и проверить их")
    _add_import_plan(
        command("import-plan", "загрузить утверждённый план мероприятий из Word (.docx) или Excel (.xlsx)")
    )
    add_import_families_parser(command)
    add_import_cases_parser(command)
    add_form_parsers(command)

    def signed_child(child: argparse.ArgumentParser) -> None:
        child.epilog = SIGN_IN_EPILOG
        _add_data_dir(child, default=argparse.SUPPRESS)
        add_sign_in_arguments(child, default=argparse.SUPPRESS)

    add_catalogue_parsers(command, signed_child)
    add_form_definition_parsers(command, signed_child)

    add_measure_parsers(
        command("measures", "отчёты соисполнителей об исполнении мероприятий через шаблоны Excel"),
        signed_child,
    )
    add_exchange_parsers(command)
    add_report_parser(command)
    add_keys_parser(command, "файл с паролем резервной копии или «-» для stdin")
    add_backup_parsers(command)
    add_recover_admin_parser(command)
    return parser


def _add_import_plan(child: argparse.ArgumentParser) -> None:
    child.add_argument("file", metavar="ФАЙЛ", help="документ .docx или книга .xlsx с таблицей мероприятий")
    child.add_argument("--dry-run", action="store_true", help="только показать, что изменится, ничего не записывая")
    child.add_argument("--json", action="store_true", help="вывести итог в формате JSON")
    child.add_argument("--program", metavar="ID", help="программа, которую обновить (по умолчанию ищется по названию)")
    child.add_argument("--start", metavar="ГГГГ-ММ-ДД", type=_iso_date, help="начало срока, если в файле его нет")
    child.add_argument("--end", metavar="ГГГГ-ММ-ДД", type=_iso_date, help="окончание срока, если в файле его нет")
    child.add_argument(
        "--reporting",
        choices=[kind.value for kind in PeriodKind],
        help="периодичность отчётов исполнителей (по умолчанию — как у программы, для новой — полугодие)",
    )
    child.add_argument(
        "--working-days", type=int, metavar="N", help="отчёт до N-го рабочего дня после периода (по умолчанию 3)"
    )
    child.add_argument(
        "--year-end", metavar="ДД.ММ", help="срок отчёта за год — дата следующего года, например 20.01; «-» — без даты"
    )


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"дата «{text}» должна быть в виде ГГГГ-ММ-ДД") from None
