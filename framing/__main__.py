from framing.cli import main

raise SystemExit(main())
