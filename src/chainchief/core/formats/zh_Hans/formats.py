# The zh-Hans locale renders dates as 2000/06/28, which <input type=date> treats as empty:
# form inputs render ISO first (and still accept the Chinese forms users type).
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%dT%H:%M:%S",  # what <input type=datetime-local> accepts, seconds kept
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%d",
]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M"]
