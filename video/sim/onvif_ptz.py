"""PTZ service of the simulated camera (tptz:), driving the shared PtzState."""

from __future__ import annotations

from video.sim.onvif_device import SimDevice
from video.sim.onvif_media import PTZ_NODE, SPACES, profile
from video.sim.onvif_soap import (
    SoapFault,
    SoapRequest,
    action_not_supported,
    attr,
    el,
    invalid_args,
    parse_duration_s,
    utc_iso,
)
from video.sim.ptz import PtzState, PtzUnresponsiveError

PT_POS = SPACES + "/PanTiltSpaces/PositionGenericSpace"
Z_POS = SPACES + "/ZoomSpaces/PositionGenericSpace"


def _vector(req: SoapRequest, parent: str) -> tuple[float | None, float | None, float | None]:
    """Read (pan, tilt, zoom) from ``parent`` (Velocity, Position, Translation); None if absent."""

    def num(path: str, name: str) -> float | None:
        value = req.attr(path, name)
        if value is None:
            return None
        try:
            return float(value)
        except ValueError as exc:
            raise invalid_args("ter:InvalidPosition", f"{name}={value!r} is not a number") from exc

    return (
        num(f"tptz:{parent}/tt:PanTilt", "x"),
        num(f"tptz:{parent}/tt:PanTilt", "y"),
        num(f"tptz:{parent}/tt:Zoom", "x"),
    )


def _position_xml(tag: str, pan: float, tilt: float, zoom: float) -> str:
    return (
        f"<{tag}><tt:PanTilt x={attr(round(pan, 4))} y={attr(round(tilt, 4))} "
        f"space={attr(PT_POS)}/><tt:Zoom x={attr(round(zoom, 4))} space={attr(Z_POS)}/></{tag}>"
    )


def _presets(ptz: PtzState) -> str:
    items = "".join(
        f"<tptz:Preset token={attr(p.token)}>{el('tt:Name', p.name)}"
        + _position_xml("tt:PTZPosition", p.pan, p.tilt, p.zoom)
        + "</tptz:Preset>"
        for p in ptz.presets()
    )
    return f"<tptz:GetPresetsResponse>{items}</tptz:GetPresetsResponse>"


def _status(ptz: PtzState) -> str:
    pos = ptz.position()
    state = "MOVING" if pos.moving else "IDLE"
    return (
        "<tptz:GetStatusResponse><tptz:PTZStatus>"
        + _position_xml("tt:Position", pos.pan, pos.tilt, pos.zoom)
        + f"<tt:MoveStatus>{el('tt:PanTilt', state)}{el('tt:Zoom', state)}</tt:MoveStatus>"
        + el("tt:UtcTime", utc_iso())
        + "</tptz:PTZStatus></tptz:GetStatusResponse>"
    )


def _node() -> str:
    def rng(tag: str, uri: str, lo: float, hi: float, axes: str) -> str:
        ranges = "".join(
            f"<tt:{a}Range>{el('tt:Min', lo)}{el('tt:Max', hi)}</tt:{a}Range>" for a in axes
        )
        return f"<tt:{tag}>{el('tt:URI', uri)}{ranges}</tt:{tag}>"

    spaces = (
        rng("AbsolutePanTiltPositionSpace", PT_POS, -1, 1, "XY")
        + rng("AbsoluteZoomPositionSpace", Z_POS, 0, 1, "X")
        + rng(
            "RelativePanTiltTranslationSpace",
            SPACES + "/PanTiltSpaces/TranslationGenericSpace",
            -1,
            1,
            "XY",
        )
        + rng(
            "RelativeZoomTranslationSpace",
            SPACES + "/ZoomSpaces/TranslationGenericSpace",
            -1,
            1,
            "X",
        )
        + rng(
            "ContinuousPanTiltVelocitySpace",
            SPACES + "/PanTiltSpaces/VelocityGenericSpace",
            -1,
            1,
            "XY",
        )
        + rng(
            "ContinuousZoomVelocitySpace", SPACES + "/ZoomSpaces/VelocityGenericSpace", -1, 1, "X"
        )
    )
    return (
        f'<tptz:PTZNode token="{PTZ_NODE}" FixedHomePosition="false">'
        + el("tt:Name", "PTZ")
        + f"<tt:SupportedPTZSpaces>{spaces}</tt:SupportedPTZSpaces>"
        + el("tt:MaximumNumberOfPresets", 64)
        + el("tt:HomeSupported", True)
        + "</tptz:PTZNode>"
    )


def handle(dev: SimDevice, req: SoapRequest) -> str:
    """Answer one PTZ operation with its response body (moves change ``camera.ptz``)."""
    ptz: PtzState = dev.camera.ptz
    op = req.operation
    if op == "GetNodes":
        return f"<tptz:GetNodesResponse>{_node()}</tptz:GetNodesResponse>"
    if op == "GetNode":
        return f"<tptz:GetNodeResponse>{_node()}</tptz:GetNodeResponse>"
    profile(req.text("tptz:ProfileToken"))
    try:
        return _ptz_op(ptz, req, op)
    except PtzUnresponsiveError as exc:
        raise SoapFault("env:Receiver", ("ter:Action", "ter:NoPTZResponse"), str(exc)) from exc


def _ptz_op(ptz: PtzState, req: SoapRequest, op: str) -> str:
    if op == "GetStatus":
        return _status(ptz)
    if op == "GetPresets":
        return _presets(ptz)
    if op == "ContinuousMove":
        pan, tilt, zoom = _vector(req, "Velocity")
        timeout = req.text("tptz:Timeout")
        ptz.continuous_move(
            pan or 0.0, tilt or 0.0, zoom or 0.0, parse_duration_s(timeout, 0) or None
        )
        return "<tptz:ContinuousMoveResponse/>"
    if op == "Stop":
        ptz.stop()
        return "<tptz:StopResponse/>"
    if op == "AbsoluteMove":
        pan, tilt, zoom = _vector(req, "Position")
        cur = ptz.position()
        ptz.absolute_move(cur.pan if pan is None else pan, cur.tilt if tilt is None else tilt, zoom)
        return "<tptz:AbsoluteMoveResponse/>"
    if op == "RelativeMove":
        pan, tilt, zoom = _vector(req, "Translation")
        ptz.relative_move(pan or 0.0, tilt or 0.0, zoom or 0.0)
        return "<tptz:RelativeMoveResponse/>"
    if op == "SetPreset":
        token = ptz.set_preset(req.text("tptz:PresetName"), req.text("tptz:PresetToken") or None)
        return f"<tptz:SetPresetResponse>{el('tptz:PresetToken', token)}</tptz:SetPresetResponse>"
    if op == "GotoPreset":
        token = req.text("tptz:PresetToken")
        try:
            ptz.goto_preset(token)
        except KeyError as exc:
            raise invalid_args("ter:NoToken", f"Preset token {token!r} does not exist") from exc
        return "<tptz:GotoPresetResponse/>"
    if op == "GotoHomePosition":
        ptz.goto_home()
        return "<tptz:GotoHomePositionResponse/>"
    raise action_not_supported(op)
