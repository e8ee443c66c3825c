"""The yearly status report and its archived PDF exports."""
