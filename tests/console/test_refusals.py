"""Refusals of the real service shown as one translated line (headline + rule detail)."""
# ruff: noqa: F811  (pytest fixtures imported from board_world are used as arguments)

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from board_world import CITY, G1, WANGYI, YINTAI, World, detail_on, english_ui, settle, world  # noqa: F401
from PySide6.QtCore import QCoreApplication, Qt

from console import i18n
from console.board import BoardController, refusals
from console.board.qt_incident_detail import QtIncidentDetail
from console.board.qt_new_incident_form import QtNewIncidentForm
from dispatch.errors import (
    ConflictError,
    DispatchError,
    InvalidTransitionError,
    PermissionDeniedError,
    ValidationError,
)


@pytest.fixture(params=["zh_CN", "en"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run a test in Chinese (the default) and in English."""
    loaded = i18n.install(request.param)
    assert request.param == "en" or "board_zh_CN.qm" in loaded
    yield request.param
    i18n.install("en")


def controller_for(qtbot: Any, world: World, login: str) -> BoardController:
    controller = BoardController(world.svc, world.feed, login)
    qtbot.waitUntil(lambda: controller.is_loaded, timeout=5000)
    return controller


def click(qtbot: Any, detail: QtIncidentDetail, action: str) -> None:
    assert detail.buttons[action].isEnabled(), f"{action} should be enabled"
    qtbot.mouseClick(detail.buttons[action], Qt.MouseButton.LeftButton)
    settle(qtbot, detail)


def test_permission_refusal_in_the_detail_pane(qtbot: Any, world: World, language: str) -> None:
    inc = world.svc.report(f"gw_{G1}_1", G1, "safety.fire", "major", "加油站附近明火")
    assert inc.center_id == CITY
    controller = controller_for(qtbot, world, "city_op")
    try:
        detail = detail_on(qtbot, controller, inc.id)
        click(qtbot, detail, "accept")
        # the city owns it: the district's police is not one of its departments
        assert detail.picker.set_selected(f"dept-{WANGYI}-police")
        click(qtbot, detail, "dispatch")
        text = detail.message.text()
        assert (
            text
            == {
                "zh_CN": "无权操作：只能派遣给铜川市的部门，王益区公安分局不属于该中心",
                "en": "Not permitted — only departments of 铜川市 may be dispatched to; "
                "王益区公安分局 is not one",
            }[language]
        )
        assert "\n" not in text and "Refused" not in text and "permission denied" not in text
        assert not detail.message.isHidden()
        assert world.svc.get(inc.id).state == "accepted"
        assert detail.picker.set_selected(f"dept-{CITY}-police")  # the city's own police
        click(qtbot, detail, "dispatch")
        assert world.svc.get(inc.id).assignee_kind == "department"
    finally:
        controller.stop()


def test_stale_version_in_the_detail_pane(qtbot: Any, world: World, language: str) -> None:
    inc = world.svc.report(f"gw_{G1}_1", G1, "dispute", "complex", "宅基地边界纠纷")
    controller = controller_for(qtbot, world, "wangyi_op")
    try:
        detail = detail_on(qtbot, controller, inc.id)
        # this console's feed lags; meanwhile the duty officer accepts at another console
        controller.stop()
        world.svc.act(inc.id, "accept", "wangyi_duty")
        click(qtbot, detail, "accept")
        assert (
            detail.message.text()
            == {
                "zh_CN": "事件已被他人修改，请查看最新状态后重试：您看到的是第 1 版，现已是第 2 版",
                "en": "Changed by someone else, check the latest state and retry — "
                "you saw version 1, it is now at 2",
            }[language]
        )
        # the pane shows the latest state under the message: accepted, dispatch now open
        assert not detail.message.isHidden()
        assert detail.incident.state == "accepted"
        assert detail.buttons["dispatch"].isEnabled() and detail.buttons["accept"].isHidden()
    finally:
        controller.stop()


def test_report_outside_the_area_in_the_form(qtbot: Any, world: World, language: str) -> None:
    controller = controller_for(qtbot, world, f"op_{YINTAI}")
    try:
        form = QtNewIncidentForm(controller)
        qtbot.addWidget(form)
        form.set_grid(G1)  # a 王益区 grid clicked on the map, outside 印台区
        form.title.setText("群众来访：噪音扰民")
        assert form.submit()  # complete: sent to the service, which refuses
        qtbot.waitUntil(lambda: form.message.text() != "", timeout=5000)
        assert form.submit_button.isEnabled()  # to correct and send again
        assert (
            form.message.text()
            == {
                "zh_CN": "无权操作：网格 黄堡村第1网格 不在 印台区 的辖区内",
                "en": "Not permitted — grid 黄堡村第1网格 lies outside the area of 印台区",
            }[language]
        )
        assert world.svc.list_incidents() == []  # nothing was registered
    finally:
        controller.stop()


def test_headline_per_error_class(language: str) -> None:
    zh = language == "zh_CN"
    cases = [
        (PermissionDeniedError("x"), "无权操作" if zh else "Not permitted"),
        (
            InvalidTransitionError("x"),
            "当前状态不允许此操作" if zh else "Not possible in the current state",
        ),
        (
            ValidationError("x"),
            "输入有误，请修改后重试" if zh else "Invalid input, correct it and retry",
        ),
        (DispatchError("x"), "操作被拒绝" if zh else "Refused"),
    ]
    for exc, headline in cases:
        assert refusals.headline(exc) == headline
        assert refusals.refusal_text(exc) == headline + ("：x" if zh else " — x")


def test_rule_in_context_is_translated(language: str) -> None:
    """The console side of the context contract (test_refusal_translations.py: every rule)."""
    names = {WANGYI: "王益区", f"dept-{WANGYI}-police": "王益区公安分局"}
    exc = PermissionDeniedError(
        "dispatch to department …", rule="dispatch_department", center=WANGYI,
        target=f"dept-{WANGYI}-police",
    )  # fmt: skip
    state = InvalidTransitionError(
        "sign is not allowed …", rule="state", action="sign", state="accepted",
        allowed=["dispatch", "escalate"],
    )  # fmt: skip
    stale = ConflictError("… version", rule="stale_version", expected=1, version=2)
    if language == "zh_CN":
        assert (
            refusals.detail(exc, names.get) == "只能派遣给王益区的部门，王益区公安分局不属于该中心"
        )
        assert refusals.detail(state) == "事件处于“已受理”状态，不能签收；可执行：派遣、上报上级"
        assert refusals.refusal_text(stale).endswith("：您看到的是第 1 版，现已是第 2 版")
    else:
        assert refusals.detail(exc, names.get) == (
            "only departments of 王益区 may be dispatched to; 王益区公安分局 is not one"
        )
        assert refusals.detail(state) == (
            "Sign is not possible while it is Accepted; possible: Dispatch, Escalate"
        )
    # a rule whose keys are missing, or an unknown rule, falls back to the service's message
    assert refusals.detail(ConflictError("msg", rule="stale_version")) == "msg"
    assert refusals.detail(ConflictError("msg", rule="no_such_rule")) == "msg"


def test_every_refusal_string_has_a_chinese_translation() -> None:
    sources = [s for _cls, s in refusals.HEADLINES]
    sources += [*refusals.RULES.values(), *refusals.ACTOR_RULES.values(), *refusals.ROLES.values()]
    sources += ["%1 — %2", ", "]
    try:
        i18n.install("zh_CN")
        missing = [s for s in sources if QCoreApplication.translate("Refusals", s) == s]
    finally:
        i18n.install("en")
    assert missing == []
