from ninja import Router
router = Router(tags=["产业链"])
