#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Every shell example of README.md and of the man pages' EXAMPLES, in order,
# against the article's target, output compared with what the document
# shows.  Executable: tests/vm/run runs it on the host, and the VM gets the
# scenario it prints (tests/doc-examples: what runs, and the markers).
exec "$(dirname "$0")/../../doc-examples" scenario
