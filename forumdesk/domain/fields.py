"""What people call the fields a message can be about ("Due date", not ``due_date``)."""

from __future__ import annotations

from forumdesk.i18n import N_, _

_LABELS = {
    "agenda_item_id": N_("Agenda item"),
    "approved_by": N_("Approved by"),
    "area": N_("Area"),
    "author": N_("Author"),
    "chair": N_("Chair"),
    "choice": N_("Choice"),
    "clerk": N_("Clerk"),
    "code": N_("Code"),
    "backups_kept": N_("Backups to keep"),
    "backup_days": N_("Days to keep backups"),
    "council_logo": N_("Council logo"),
    "council_name": N_("Council name"),
    "comment": N_("Comment"),
    "consent_contact": N_("Consent to be contacted"),
    "consent_named": N_("Consent to be named"),
    "contact": N_("Contact details"),
    "database": N_("Database"),
    "date": N_("Date"),
    "desk_name": N_("This desk's name"),
    "document_language": N_("Document language"),
    "description": N_("Description"),
    "discussed": N_("Discussed"),
    "due_date": N_("Due date"),
    "response_due": N_("Response due"),
    "end_time": N_("End time"),
    "facilitator": N_("Facilitator"),
    "format": N_("Format"),
    "interface_language": N_("Interface language"),
    "headcount": N_("Headcount"),
    "kind": N_("Kind"),
    "limit": N_("Limit"),
    "mechanism": N_("Mechanism"),
    "meeting_id": N_("Meeting"),
    "name": N_("Name"),
    "note": N_("Note"),
    "notes": N_("Notes"),
    "offset": N_("Offset"),
    "owner": N_("Owner"),
    "place": N_("Place"),
    "presence": N_("Presence"),
    "presenter": N_("Presenter"),
    "raised_by": N_("Raised by"),
    "raised_by_id": N_("Raised by"),
    "reason": N_("Reason"),
    "reference": N_("Reference"),
    "response": N_("Response"),
    "retention_months": N_("Months to keep residents' details"),
    "role": N_("Role"),
    "search": N_("Search"),
    "stage": N_("Stage"),
    "start_time": N_("Start time"),
    "sort": N_("Sort"),
    "status": N_("Status"),
    "support": N_("Support"),
    "text": N_("Text"),
    "themes": N_("Themes"),
    "title": N_("Title"),
    "value": N_("Value"),
    "venue": N_("Venue"),
    "version": N_("Version"),
    "ward": N_("Ward"),
    "wards": N_("Wards"),
}


def field_label(field: str) -> str:
    """The field's name as people read it, in the interface language; a field this table
    does not know is shown by its key with spaces ("raised by")."""
    known = _LABELS.get(field)
    return _(known) if known else field.replace("_", " ")
