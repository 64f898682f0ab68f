"""Camera registry: cameras in the project database with credentials encrypted at rest."""

from video.registry.models import Camera
from video.registry.registry import CameraRegistry, with_credentials

__all__ = ["Camera", "CameraRegistry", "with_credentials"]
