"""`thidua purge`: what a steward removes for good, and the record of it.

Two things can be purged, for files first seen before a date:
- the stored bytes of rejected files (kept so a sender's file can be audited and read
  again by a newer reader; a rejected file's rows never reached the marts);
- personal data: personal numbers, birth dates and genders of nominees, personal numbers
  in the award history, the preparer's name, phone and e-mail, and the stored bytes of
  those files (which hold the same data, and from which a newer reader would read it
  back). Names, awards and years stay: they are the record of commendation.

It runs like a refresh: under the warehouse's lock, on a build copy, published with its
reports in one rename. The copy is rewritten table by table (COPY FROM DATABASE) so
that no freed block of the file still holds a purged value. Each purge is a row of
quality.purge_log (when, before which date, what, how many files, rows and bytes).
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.store.publish import building_copy
from pipelines.store.warehouse import refresh_lock

LOG_DDL = """
create table if not exists quality.purge_log (
    purged_at timestamp not null, purged_by varchar, before_date date not null,
    what varchar not null, files bigint not null, rows_changed bigint not null,
    bytes_removed bigint not null
)"""


@dataclass
class Purged:
    what: str
    files: int
    rows: int
    bytes_removed: int


def purge(warehouse: Path, before: dt.date, rejected: bool, personal: bool) -> list[Purged]:
    with refresh_lock(warehouse), building_copy(warehouse) as building:
        with duckdb.connect(str(building)) as con:
            con.execute("begin transaction")
            done = []
            if rejected:
                done.append(_rejected_bytes(con, before))
            if personal:
                done.append(_personal_data(con, before))
            con.execute(LOG_DDL)
            for item in done:
                con.execute(
                    "insert into quality.purge_log values (now(), ?, ?, ?, ?, ?, ?)",
                    [_who(), before, item.what, item.files, item.rows, item.bytes_removed],
                )
            # the marts still hold what was computed before: the next refresh rebuilds them
            con.execute("create table if not exists raw.build_state (code_digest varchar)")
            con.execute("delete from raw.build_state")
            con.execute("commit")
        _compact(building)
    return done


def _rejected_bytes(con: duckdb.DuckDBPyConnection, before: dt.date) -> Purged:
    files, size = con.execute(
        """select count(*), coalesce(sum(octet_length(contents.content)), 0)
           from raw.file_contents as contents
           inner join raw.files as files using (file_hash)
           where files.is_rejected and files.first_seen_at < ?""",
        [before],
    ).fetchone()
    con.execute(
        """delete from raw.file_contents where file_hash in (
               select file_hash from raw.files where is_rejected and first_seen_at < ?)""",
        [before],
    )
    return Purged("Nội dung tệp bị từ chối", files, 0, size)


def _personal_data(con: duckdb.DuckDBPyConnection, before: dt.date) -> Purged:
    con.execute(
        "create or replace temp table old_files as "
        "select file_hash from raw.files where first_seen_at < ?",
        [before],
    )
    rows = con.execute(
        """update raw.unit_award_proposals set personal_id = null, birth_date = null, gender = null
           where file_hash in (select file_hash from old_files)
             and (personal_id is not null or birth_date is not null or gender is not null)"""
    ).fetchone()[0]
    rows += con.execute(
        """update raw.registry_award_history set nominee_id = null
           where file_hash in (select file_hash from old_files)
             and regexp_full_match(nominee_id, '[0-9]{9}|[0-9]{12}')"""
    ).fetchone()[0]
    con.execute(
        """update raw.files set info = json_object(
               'sender_code', info->>'sender_code', 'sender_name', info->>'sender_name',
               'period', info->>'period', 'report_date', info->>'report_date')
           where file_hash in (select file_hash from old_files)"""
    )
    files, size = con.execute(
        """select count(*), coalesce(sum(octet_length(content)), 0) from raw.file_contents
           where file_hash in (select file_hash from old_files)"""
    ).fetchone()
    con.execute(
        "delete from raw.file_contents where file_hash in (select file_hash from old_files)"
    )
    return Purged(
        "Dữ liệu cá nhân (số định danh, ngày sinh, giới tính, người lập)", files, rows, size
    )


def _compact(building: Path) -> None:
    """Rewrite the file so that deleted values are gone from its blocks, not only unlisted."""
    fresh = building.with_name(building.name + ".compact")
    fresh.unlink(missing_ok=True)

    def quoted(path: Path) -> str:
        return "'" + str(path).replace("'", "''") + "'"

    with duckdb.connect() as con:
        con.execute(f"attach {quoted(building)} as old (read_only)")
        con.execute(f"attach {quoted(fresh)} as new")
        con.execute("copy from database old to new")
    os.replace(fresh, building)


def _who() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "?"
