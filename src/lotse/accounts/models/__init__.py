from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.common.auditing import audited
from lotse.organisation.models import Team

from ..roles import CLIENT_DATA_ROLES, CLIENT_ROLES, Role


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user


@audited(sensitive=["password"])
class User(AbstractBaseUser):
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("name"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # Share of a full-time post (DOMAIN §D13): 1.0, 0.5 …
    fte = models.DecimalField(
        _("post share"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
    )
    languages = models.CharField(
        _("counselling languages"),
        max_length=200,
        blank=True,
        help_text=_("Language codes, separated by commas, e.g. de,ar,fr"),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def language_list(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip()]

    def active_memberships(self) -> models.QuerySet[Membership]:
        return self.memberships.select_related("team__service__centre__provider")

    def _membership_facts(self) -> list[tuple[str, int, bool]]:
        """(role, team id, read-only) of the memberships in force, read once per user object
        (a request's user: the dashboard's panels and the client list ask several times)."""
        cached = getattr(self, "_lotse_memberships", None)
        if cached is None:
            rows = self.memberships.values_list(
                "role", "team_id", "read_only", "team__service__kind", "team__service__centre_id"
            )
            cached = []
            services: dict[int, tuple[str, int]] = {}
            for role, team, read_only, kind, centre in rows:
                cached.append((role, team, read_only))
                services[team] = (kind, centre)
            self._lotse_memberships = cached
            self._lotse_team_services = services
        return cached

    def team_service_kinds(self) -> dict[int, str]:
        """The service (MBE, JMD …) of each team this user has a membership in force in, read
        with the memberships (the menu asks on every page whether the user works with groups)."""
        self._membership_facts()
        return {team: kind for team, (kind, _centre) in self._lotse_team_services.items()}

    def team_centre_ids(self) -> dict[int, int]:
        """The counselling centre of each team this user has a membership in force in (read
        with the memberships: the calendar and the request inbox are per centre)."""
        self._membership_facts()
        return {team: centre for team, (_kind, centre) in self._lotse_team_services.items()}

    def roles(self) -> frozenset[str]:
        return frozenset(role for role, _team, _read_only in self._membership_facts())

    def client_team_ids(self, *, writable: bool = False) -> frozenset[int]:
        """The teams whose client files this user opens (for writing: not read-only); the
        same rule as ``Membership.objects.with_client_role``."""
        return frozenset(
            team
            for role, team, read_only in self._membership_facts()
            if role in CLIENT_ROLES and not (writable and read_only)
        )

    def team_ids_with_role(self, roles: Iterable[str]) -> frozenset[int]:
        """The teams in which this user holds one of ``roles`` (memberships in force, read once)."""
        wanted = set(roles)
        return frozenset(
            team for role, team, _read_only in self._membership_facts() if role in wanted
        )

    def led_team_ids(self) -> frozenset[int]:
        """The teams this user leads (from the memberships in force, read once)."""
        return self.team_ids_with_role((Role.TEAM_LEAD,))

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles() & set(roles))


class MembershipQuerySet(models.QuerySet["Membership"]):
    def with_client_role(self, user: Any, *, writable: bool = False) -> MembershipQuerySet:
        """``user``'s memberships that open client files (for writing: not read-only)."""
        memberships = self.filter(user=user, role__in=CLIENT_ROLES)
        return memberships.filter(read_only=False) if writable else memberships


class EffectiveMembershipManager(models.Manager["Membership"]):
    """The memberships in force: a client-data role of an administrator account counts for nothing.

    The default manager, so every access decision (``User.roles()``, ``with_client_role``,
    ``Client.objects.visible_to`` and each ``Membership.objects.filter(user=…)``) sees only
    these, whichever way a row got into the table (issue #15). ``Membership.all_objects``
    shows every row, for the administration pages.
    """

    def get_queryset(self) -> MembershipQuerySet:
        rows = MembershipQuerySet(self.model, using=self._db)
        administrators = rows.filter(role=Role.ADMINISTRATOR).values("user_id")
        return rows.exclude(role__in=CLIENT_DATA_ROLES, user_id__in=administrators)

    def with_client_role(self, user: Any, *, writable: bool = False) -> MembershipQuerySet:
        return self.get_queryset().with_client_role(user, writable=writable)


@audited
class Membership(models.Model):
    """A user works in a team in a role. Read-only memberships cover stand-ins and trainees."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("team")
    )
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    read_only = models.BooleanField(
        _("read only"),
        default=False,
        help_text=_("May read the team's client files but not change them (e.g. a stand-in)."),
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)
    # Who gave the role in the application: the administrator (roles without client data) or
    # the confirming team lead. Empty for rows written at installation or by a command, which
    # is what makes an administrator a bootstrap confirmer (grants.may_decide).
    granted_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("granted by"),
    )

    objects = EffectiveMembershipManager()
    all_objects = MembershipQuerySet.as_manager()

    class Meta:
        base_manager_name = "all_objects"
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["team__name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "team", "role"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.team}"


class RoleGrantStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    CONFIRMED = "confirmed", _("confirmed")
    REFUSED = "refused", _("refused")
    EXPIRED = "expired", _("expired")
    REVOKED = "revoked", _("revoked")
    WITHDRAWN = "withdrawn", _("withdrawn")


@audited
class RoleGrant(models.Model):
    """A proposal to give ``user`` a role that reaches client data (issue #15).

    An administrator proposes; a team lead of the team (or, while the organisation has no team
    lead, a second administrator) confirms after re-authenticating. Only the confirmation
    creates the membership. Rules in ``accounts/services/grants.py``.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_grants", verbose_name=_("user")
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="role_grants", verbose_name=_("team")
    )
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    read_only = models.BooleanField(_("read only"), default=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RoleGrantStatus.choices,
        default=RoleGrantStatus.PROPOSED,
    )
    proposed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposed by")
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    decided_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    membership = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        related_name="grants",
        null=True,
        blank=True,
        verbose_name=_("membership"),
    )

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        ordering = ["-proposed_at"]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.team} ({self.status_label})"

    @property
    def is_open(self) -> bool:
        """Proposed and within its seven days (the status is set to expired later, on a write)."""
        return self.status == RoleGrantStatus.PROPOSED and self.expires_at > timezone.now()

    @property
    def status_label(self) -> str:
        if self.status == RoleGrantStatus.PROPOSED and not self.is_open:
            return str(RoleGrantStatus.EXPIRED.label)
        return str(self.get_status_display())
