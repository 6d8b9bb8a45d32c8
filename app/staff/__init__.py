"""Staff: cashier and manager accounts with hashed PINs, wrong-PIN
throttling, manager approvals and the audit trail. See docs/manager.md."""

from app.staff.models import Approval, AuditRecord, StaffView
from app.staff.permissions import Need, Role
from app.staff.service import StaffService
from app.staff.throttle import ThrottlePolicy

__all__ = ["Approval", "AuditRecord", "Need", "Role", "StaffService", "StaffView",
           "ThrottlePolicy"]
