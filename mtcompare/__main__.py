from mtcompare.cli.app import main

raise SystemExit(main())
