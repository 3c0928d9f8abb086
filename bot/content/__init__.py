"""Loading and validating the files in content/ that editors own."""
