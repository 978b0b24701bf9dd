"""A region's people in the console: invite by e-mail, change role and agency, deactivate
and reactivate, send a password reset; and the platform admin's page of everyone."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kotacerdas.core.audit import record
from kotacerdas.core.models import Agency, Membership, Region
from kotacerdas.core.services import people as service
from kotacerdas.core.tenancy import Role
from kotacerdas.web.forms import InviteForm, RoleForm
from kotacerdas.web.views.access import ConsoleAccess, console_region, scope_of


def set_password_link(request: HttpRequest, user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("set-password", kwargs={"uidb64": uid, "token": token})
    return request.build_absolute_uri(path)


def send_link(request: HttpRequest, user: User, region: Region | None, *, invitation: bool) -> None:
    """E-mail the link to set a password: an invitation for a new account, a reset for an
    existing one. The link is valid for ``PASSWORD_RESET_TIMEOUT`` (three days) and once."""
    context = {
        "user": user,
        "region": region,
        "link": set_password_link(request, user),
        "username": user.get_username(),
        "inviter": request.user.get_full_name() or request.user.get_username(),  # type: ignore[union-attr]
    }
    if invitation:
        subject = _("Your kotacerdas account for %(region)s") % {
            "region": region.name if region else "kotacerdas"
        }
        template = "kotacerdas/registration/invite_email.txt"
    else:
        subject = _("Set a new kotacerdas password")
        template = "kotacerdas/registration/reset_email.txt"
    body = render_to_string(template, context, request=request)
    address = getattr(user, "email", "")
    send_mail(subject, body, None, [address])


def _refused(request: HttpRequest, message: str, status: int = 403) -> HttpResponse:
    return render(
        request, "kotacerdas/console/people_refused.html", {"message": message}, status=status
    )


def _agencies(access: ConsoleAccess) -> Any:
    return Agency.objects.scoped(access.scope).filter(region=access.region, is_active=True)


def members(request: HttpRequest, region_slug: str) -> HttpResponse:
    access = console_region(request, region_slug)
    if isinstance(access, HttpResponse):
        return access
    agencies = _agencies(access)
    form = InviteForm(agencies=agencies)
    offer: Membership | None = None
    if request.method == "POST":
        if not access.is_admin:
            return _refused(
                request,
                _("Only an admin of %(region)s may invite people.") % {"region": access.region},
            )
        form = InviteForm(request.POST, agencies=agencies)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if request.POST.get("add_role") and (pk := request.POST.get("member", "")):
                    existing = service.region_membership(access.scope, access.region, int(pk))
                    service.add_role(
                        access.scope, access.region, existing.user, data["role"], data["agency"]
                    )
                    messages.success(request, _("Role added."))
                    return redirect("console:members", region_slug=region_slug)
                invitation = service.invite(
                    access.scope,
                    access.region,
                    data["email"],
                    data["role"],
                    data["agency"],
                    data["name"],
                )
            except service.AlreadyMember as exc:
                form.add_error("email", exc.message)
                offer = exc.membership
            except service.PeopleRefused as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            except ValueError:
                form.add_error(None, _("That member is not in this region."))
            else:
                if invitation.new_user:
                    send_link(request, invitation.user, access.region, invitation=True)
                    messages.success(
                        request,
                        _("Invitation sent to %(email)s.") % {"email": data["email"].strip()},
                    )
                else:
                    messages.success(
                        request,
                        _("%(user)s already had an account and now has this role.")
                        % {"user": invitation.user.get_username()},
                    )
                return redirect("console:members", region_slug=region_slug)
    rows = (
        Membership.objects.scoped(access.scope)
        .filter(region=access.region)
        .select_related("user", "agency")
        .order_by("-is_active", "role", "user__username")
    )
    return render(
        request,
        "kotacerdas/console/members.html",
        {
            "access": access,
            "region": access.region,
            "section": "members",
            "members": rows,
            "form": form,
            "offer": offer,
            "role_form": RoleForm(agencies=agencies),
            "admin_count": service.active_admin_count(access.region),
        },
        status=200 if form.is_bound is False or form.is_valid() else 400,
    )


@require_POST
def member_action(request: HttpRequest, region_slug: str, pk: int) -> HttpResponse:
    """One change to one membership: ``action`` is role, deactivate, reactivate or reset."""
    access = console_region(request, region_slug)
    if isinstance(access, HttpResponse):
        return access
    back = redirect("console:members", region_slug=region_slug)
    try:
        membership = service.region_membership(access.scope, access.region, pk)
    except service.PeopleRefused as exc:
        return _refused(request, exc.message, 403 if not access.is_admin else 404)
    action = request.POST.get("action", "")
    user = membership.user
    try:
        if action == "role":
            form = RoleForm(request.POST, agencies=_agencies(access))
            if not form.is_valid():
                problems = [str(e) for errors in form.errors.values() for e in errors]
                messages.error(request, " ".join(problems))
                return back
            service.change_role(
                access.scope, membership, form.cleaned_data["role"], form.cleaned_data["agency"]
            )
            messages.success(request, _("Role changed."))
        elif action in ("deactivate", "reactivate"):
            service.set_active(access.scope, membership, action == "reactivate")
            if action == "reactivate":
                messages.success(request, _("%(user)s is active again.") % {"user": user})
            else:
                messages.success(request, _("%(user)s is deactivated here.") % {"user": user})
        elif action == "reset":
            if not getattr(user, "email", ""):
                messages.error(request, _("This account has no e-mail address."))
                return back
            send_link(request, user, access.region, invitation=not user.has_usable_password())
            record(
                "role.changed",
                region=access.region,
                actor_id=access.scope.user_id,
                target=user.get_username(),
                detail={"change": "password reset sent"},
            )
            messages.success(
                request,
                _("A link to set a password was sent to %(email)s.") % {"email": user.email},
            )
        else:
            messages.error(request, _("Unknown action."))
    except service.PeopleRefused as exc:
        messages.error(request, exc.message)
    return back


@login_required
def everyone(request: HttpRequest) -> HttpResponse:
    """The platform admin's list of every account and its roles, region by region."""
    scope = scope_of(request)
    if not scope.is_platform_admin:
        return _refused(request, _("Only the platform admin sees everyone's accounts."))
    query = " ".join(request.GET.get("q", "").split())[:100]
    users = get_user_model().objects.order_by("username")
    if query:
        users = users.filter(username__icontains=query) | users.filter(email__icontains=query)
    memberships = (
        Membership.objects.scoped(scope)
        .select_related("region", "agency", "province")
        .order_by("region__code", "role")
    )
    users = users.prefetch_related(Prefetch("memberships", queryset=memberships))
    regions = Region.objects.order_by("code")
    return render(
        request,
        "kotacerdas/console/people.html",
        {"users": users[:500], "query": query, "regions": regions, "Role": Role},
    )
