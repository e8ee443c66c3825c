from django.conf import settings
from django.utils import translation


class ChosenLanguageMiddleware:
    """Danish unless the user picked another language with the switch in the menu.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language header:
    municipal PCs often run English Windows, yet the site is Danish first.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response
