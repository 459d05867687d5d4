"""Business rules of the task queue: the scheduler's tick and retrying failed tasks."""

from .retry import RetryRefused, retry_after_failure, retry_failed
from .scheduler import tick

__all__ = ["RetryRefused", "retry_after_failure", "retry_failed", "tick"]
