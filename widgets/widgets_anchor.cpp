int payopsWidgetsAnchor() { return 0; }
