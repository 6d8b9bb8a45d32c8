"""Manager reports: the Z report (by tender and cashier), outstanding
liability, offline exceptions, terminals' sync state; CSV export and the Z
report as ESC/POS bytes. See docs/manager.md."""

from app.reports.service import ReportService
from app.reports.table import Amount, Table, read_csv, to_csv, write_csv
from app.reports.zreport import ZReport, z_csv_table, z_tables

__all__ = ["Amount", "ReportService", "Table", "ZReport", "read_csv", "to_csv", "write_csv",
           "z_csv_table", "z_tables"]
