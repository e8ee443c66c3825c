# Danish formats as the municipality writes them: 24-05-2022, 1.289.000, 24,2.
DATE_FORMAT = "j. F Y"
SHORT_DATE_FORMAT = "d-m-Y"
DATETIME_FORMAT = "j. F Y H:i"
SHORT_DATETIME_FORMAT = "d-m-Y H:i"
DATE_INPUT_FORMATS = ["%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d-%m-%Y %H:%M", "%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
