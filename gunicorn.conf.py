"""gunicorn settings read from the project folder (``gunicorn amager_partnerskab.wsgi``)."""

import gc


def post_worker_init(worker):
    """Once a worker has loaded the app, move everything it loaded out of the garbage
    collector's way: the objects live as long as the worker, and scanning them again on
    every collection costs each request time."""
    gc.collect()
    gc.freeze()
