"""Camera simulator: RTSP, ONVIF, WS-Discovery and fault injection on 127.0.0.1."""
