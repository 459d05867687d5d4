"""Catalogues of integration-course accompaniment (DOMAIN §D6)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CourseType(models.TextChoices):
    GENERAL = "general", _("General integration course")
    YOUTH = "youth", _("Youth integration course")
    PARENTS = "parents", _("Parents' integration course")
    WOMEN = "women", _("Women's integration course")
    LITERACY = "literacy", _("Literacy course")
    SECOND_SCRIPT = "second_script", _("Course for second-script learners")
    INTENSIVE = "intensive", _("Intensive course")
    JOB_RELATED = "job_related", _("Job-related German course")


class Obligation(models.TextChoices):
    FOREIGNERS_AUTHORITY = "foreigners_authority", _("obliged by the foreigners' authority")
    JOBCENTER = "jobcenter", _("obliged by the Jobcenter")
    VOLUNTARY = "voluntary", _("voluntary")


class Entitlement(models.TextChoices):
    ENTITLED = "entitled", _("legal entitlement")
    ADMITTED = "admitted", _("admitted by the BAMF on application")
    PENDING = "pending", _("application pending")
    NONE = "none", _("no entitlement")


class FeeFinancing(models.TextChoices):
    EXEMPT = "exempt", _("exempt from the fee")
    FUNDED = "funded", _("funded (e.g. Jobcenter, BAMF)")
    SELF_PAYING = "self_paying", _("self-paying")


class ParticipationStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")
    ATTENDING = "attending", _("attending")
    INTERRUPTED = "interrupted", _("interrupted")
    COMPLETED = "completed", _("completed")
    DROPPED_OUT = "dropped_out", _("dropped out")


RUNNING_STATUSES = (
    ParticipationStatus.REGISTERED,
    ParticipationStatus.ATTENDING,
    ParticipationStatus.INTERRUPTED,
)


class RiskReason(models.TextChoices):
    ATTENDANCE = "attendance", _("frequent absence")
    CHILDCARE = "childcare", _("no childcare")
    HEALTH = "health", _("health")
    WORK = "work", _("work or shifts")
    FAMILY = "family", _("family situation")
    FINANCES = "finances", _("money, fee, travel costs")
    LEARNING = "learning", _("learning difficulties, wrong level")
    CONFLICT = "conflict", _("conflict in the course")
    HOUSING = "housing", _("housing, move")
    OTHER = "other", _("other")


class SignalKind(models.TextChoices):
    REGULAR = "regular", _("attends regularly")
    LATE = "late", _("often late")
    EXCUSED = "excused", _("absent, excused")
    UNEXCUSED = "unexcused", _("absent without excuse")
    PROVIDER_NOTICE = "provider_notice", _("the provider reports a concern")


class SignalSource(models.TextChoices):
    PROVIDER = "provider", _("course provider")
    CLIENT = "client", _("client")
    COUNSELLOR = "counsellor", _("counsellor")


class Exam(models.TextChoices):
    NONE = "none", _("no test taken")
    DTZ = "dtz", _("German test for immigrants (DTZ)")
    LID = "lid", _("Life in Germany test (LiD)")
    DTZ_LID = "dtz_lid", _("DTZ and LiD")
    OTHER = "other", _("other test")


class Level(models.TextChoices):
    BELOW_A1 = "below_a1", _("below A1")
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"


class FollowUp(models.TextChoices):
    NONE = "none", _("none needed")
    JOB_GERMAN = "job_german", _("job-related German course")
    REPEAT = "repeat", _("repeat hours or another language course")
    VOCATIONAL = "vocational", _("vocational training or qualification")
    RECOGNITION = "recognition", _("recognition of foreign qualifications")
    JOB_SEARCH = "job_search", _("support in looking for work")
    OTHER = "other", _("other")
