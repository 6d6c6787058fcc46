"""All mapped tables; importing this package registers them on ``Base.metadata``."""

from desktop_app.storage.models.accounts import AuditEntry, AuditHead, Installation, User
from desktop_app.storage.models.case_route import (
    CaseReferral,
    CaseService,
    CaseSupportMeasure,
    ConsiliumMeeting,
    ConsiliumReview,
    ResourceService,
    SupportMeasureKind,
)
from desktop_app.storage.models.cases import CaseAdult, CaseChild, CaseStage, CaseTeamMember, FamilyCase
from desktop_app.storage.models.directory import Organisation
from desktop_app.storage.models.exchange import (
    ImportLogEntry,
    SentAttachment,
    SyncConflict,
    SyncPeer,
    SyncRecordState,
)
from desktop_app.storage.models.families import (
    ChildPlacement,
    FamilyDocument,
    FamilyMember,
    FamilyStep,
    ResourceFamily,
)
from desktop_app.storage.models.indicators import (
    FormAnswer,
    Indicator,
    IndicatorGroup,
    IndicatorPlan,
    IndicatorRule,
    IndicatorValue,
    PeriodClosure,
)
from desktop_app.storage.models.programs import (
    Measure,
    MeasureExecutor,
    MeasureIndicator,
    Program,
    ProgramBlock,
    ProgramSection,
)
from desktop_app.storage.models.reporting_chain import ReportingStep, ReportingStepMark
from desktop_app.storage.models.reports import ExecutionReport, ReportDocument

__all__ = [
    "AuditEntry",
    "AuditHead",
    "CaseAdult",
    "CaseChild",
    "CaseReferral",
    "CaseService",
    "CaseStage",
    "CaseSupportMeasure",
    "CaseTeamMember",
    "ChildPlacement",
    "ConsiliumMeeting",
    "ConsiliumReview",
    "ExecutionReport",
    "FamilyCase",
    "FamilyDocument",
    "FamilyMember",
    "FamilyStep",
    "FormAnswer",
    "ImportLogEntry",
    "Indicator",
    "IndicatorGroup",
    "IndicatorPlan",
    "IndicatorRule",
    "IndicatorValue",
    "Installation",
    "Measure",
    "MeasureExecutor",
    "MeasureIndicator",
    "Organisation",
    "PeriodClosure",
    "Program",
    "ProgramBlock",
    "ProgramSection",
    "ReportDocument",
    "ReportingStep",
    "ReportingStepMark",
    "ResourceFamily",
    "ResourceService",
    "SentAttachment",
    "SupportMeasureKind",
    "SyncConflict",
    "SyncPeer",
    "SyncRecordState",
    "User",
]
