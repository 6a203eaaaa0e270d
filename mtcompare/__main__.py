from mtcompare.cli import main

raise SystemExit(main())
