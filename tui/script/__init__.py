"""Tester scripts: drive any screen from a plain `.pds` text file and keep what it showed."""
