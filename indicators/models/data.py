"""Survey results, police counts, population, data sources and goals."""
