"""`python -m forumdesk`: the same as the `forumdesk` command."""

import sys

from forumdesk.cli import main

sys.exit(main())
