"""The meeting workspace: agenda, attendance, issues raised and actions."""
