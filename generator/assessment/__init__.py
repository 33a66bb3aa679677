"""The self-assessment model shared by the online form, the handbook 自评表 and the xlsx."""
