"""A jury draw's record in words: for the command line, the window and error messages."""

from __future__ import annotations

from forumdesk.core.engagements import jury_draw
from forumdesk.domain.jury import DrawRecord
from forumdesk.i18n import N_, _, ngettext

#: The fields a draw may be stratified by, and the words for them.
STRATA = {"ward": N_("ward"), "age_band": N_("age band")}


def stratum_words(key: str) -> str:
    """A stratum key as people read it: "Tulse Hill, 18-29" ("not given" for a blank)."""
    return ", ".join(part or _("not given") for part in key.split(jury_draw.SEPARATOR))


def draw_text(record: DrawRecord, reference: str) -> str:
    """A draw's record as lines of text: what was drawn by, from whom, with which seed,
    witnessed by whom, who was chosen, and how to re-run it."""
    lines = [
        _("Draw {id} for {reference}, made {moment} (UTC)").format(
            id=record.id, reference=reference, moment=record.drawn_at.strftime("%Y-%m-%d %H:%M")
        ),
        _("Seed: {seed}").format(seed=record.seed),
        _("Drawn by: {fields}").format(
            fields=", ".join(_(STRATA[field]) for field in record.strata)
        ),
        ngettext(
            "Pool: {count} volunteer, numbered in the order of their UUIDs",
            "Pool: {count} volunteers, numbered 1 to {count} in the order of their UUIDs",
            record.pool_size,
        ).format(count=record.pool_size),
        _("Jurors per group (largest remainder):"),
    ]
    lines.extend(
        "  "
        + ngettext(
            "{stratum}: {drawn} of {count} volunteer",
            "{stratum}: {drawn} of {count} volunteers",
            q.available,
        ).format(stratum=stratum_words(q.stratum), drawn=q.drawn, count=q.available)
        for q in record.quotas
    )
    lines.append(
        _("Witnessed by: {names}").format(names=", ".join(record.witnesses))
        if record.witnesses
        else _("Witnessed by: nobody was named")
    )
    lines.append(
        ngettext("{count} juror drawn:", "{count} jurors drawn:", len(record.jurors)).format(
            count=len(record.jurors)
        )
    )
    lines.extend(
        "  "
        + _("No. {number}: {name} ({stratum})").format(
            number=j.number,
            name=j.name or _("not named"),
            stratum=", ".join(v for v in (j.ward, j.age_band) if v) or _("not given"),
        )
        for j in record.jurors
    )
    lines.append(
        _("Anyone can re-run it: forumdesk engagement draw {reference} --check {id}").format(
            reference=reference, id=record.id
        )
    )
    return "\n".join(lines)
