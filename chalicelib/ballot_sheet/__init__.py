"""The printable ballot sheet: one page with a ballot's contenders, for boards, offices and schools."""
