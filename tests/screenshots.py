"""Current screenshots of the main pages and the first pages of the status report PDF.

    python tests/screenshots.py [OUTPUT_DIR]      (`make screenshots` writes docs/screenshots/)

Builds its own SQLite database in a temporary folder (migrate, load_demo), starts the app
on a free loopback port, logs in as each role in Chromium, saves the pages as PNG, renders
the demo report with pdftoppm, and stops the server again.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
VIEWPORT = {"width": 1280, "height": 800}
PDF_PAGES = 3
# The demo's second round, opened by the coordinator through the app, so the unit has
# an answer to fill in.
NEW_ROUND = {"Titel": "Midtvejsstatus 2023", "År": "2023", "Svarfrist": "2023-05-15"}
NEW_ROUND_DATES = {"Periodens start": "2023-01-01", "Periodens slutning": "2023-04-30"}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def wait_until_up(url, server, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("Serveren stoppede, før den var klar.")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                if response.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"Serveren svarede ikke på {url} inden for {timeout} sekunder.")


def shrink(path):
    """256 colours are plenty for a screenshot of a web page and keep the PNG small."""
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


class Camera:
    def __init__(self, browser, base_url, output):
        self.browser = browser
        self.base_url = base_url
        self.output = output
        self.saved = []

    def session(self, username=None):
        context = self.browser.new_context(locale="da-DK", base_url=self.base_url, viewport=VIEWPORT)
        page = context.new_page()
        page.set_default_timeout(30_000)
        if username:
            page.goto("/konto/login/")
            page.get_by_label("Brugernavn").fill(username)
            page.get_by_label("Adgangskode").fill("demo")
            page.get_by_role("button", name="Log ind").click()
            page.wait_for_url(f"{self.base_url}/")
        return page

    def shoot(self, page, name, path=None):
        if path:
            page.goto(path)
        page.wait_for_load_state("networkidle")
        target = self.output / f"{name}.png"
        page.screenshot(path=target)
        shrink(target)
        self.saved.append(target)


def take_pages(camera, base_url):
    anonymous = camera.session()
    camera.shoot(anonymous, "01-login", "/konto/login/")
    anonymous.context.close()

    coordinator = camera.session("koordinator")
    camera.shoot(coordinator, "02-koordinator-forside", "/")
    camera.shoot(coordinator, "03-partnerskab", "/partnerskaber/amager/")
    camera.shoot(coordinator, "04-tryghedsplan", "/partnerskaber/amager/plan/")
    coordinator.goto("/partnerskaber/amager/runder/")
    coordinator.get_by_role("link", name="Midtvejsstatus 2022").click()
    camera.shoot(coordinator, "05-midtvejsstatus-oversigt")
    coordinator.get_by_role("link", name="Dialog, kommunikation og værtskab").first.click()
    camera.shoot(coordinator, "06-svar-gennemgang")
    camera.shoot(coordinator, "07-indikatorer", "/partnerskaber/amager/indikatorer/")
    camera.shoot(coordinator, "08-indikatorer-indlaes", "/partnerskaber/amager/indikatorer/import/")
    camera.shoot(coordinator, "09-statusrapport", "/partnerskaber/amager/rapport/2022/")
    camera.shoot(coordinator, "10-statusrapport-visning", "/partnerskaber/amager/rapport/2022/preview/")
    coordinator.goto("/partnerskaber/amager/runder/ny/")
    for label, value in {**NEW_ROUND, **NEW_ROUND_DATES}.items():
        coordinator.get_by_label(label).fill(value)
    coordinator.get_by_role("button", name="Kontrollér runden").click()
    coordinator.get_by_role("button", name="Åbn runden og send e-mails").click()
    coordinator.locator(".messages").wait_for()
    coordinator.context.close()

    unit = camera.session("buf")
    camera.shoot(unit, "11-enhed-opgaver", "/")
    unit.get_by_role("table").get_by_role("link").first.click()
    camera.shoot(unit, "12-enhed-svarskema")
    unit.context.close()

    admin = camera.session("admin")
    camera.shoot(admin, "13-admin-budgetter", "/partnerskaber/amager/plan/budgetter/")
    camera.shoot(admin, "14-admin-historik", "/historik/")
    admin.context.close()


def take_pdf(env, output, workdir):
    """The final demo report as the coordinator exports it, first pages at 60 dpi."""
    pdf = workdir / "statusrapport.pdf"
    manage(
        env,
        "export_status_report",
        "--partnership=amager",
        "--year=2022",
        f"--output={pdf}",
        "--user=koordinator",
    )
    prefix = workdir / "side"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", str(PDF_PAGES), str(pdf), str(prefix)], check=True
    )
    pages = sorted(workdir.glob("side-*.png"))
    saved = []
    for number, page in enumerate(pages, start=1):
        target = output / f"15-rapport-pdf-side-{number}.png"
        shutil.move(page, target)
        shrink(target)
        saved.append(target)
    return saved


def main(output):
    output = Path(output).resolve()
    output.mkdir(parents=True, exist_ok=True)
    for old in output.glob("*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory(prefix="skaermbilleder-") as tmp:
        workdir = Path(tmp)
        env = {
            **os.environ,
            "DJANGO_DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
            "DJANGO_MEDIA_ROOT": str(workdir / "media"),
        }
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo")
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_up(base_url, server)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=["--headless", "--no-sandbox"]
                )
                camera = Camera(browser, base_url, output)
                take_pages(camera, base_url)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
        saved = camera.saved + take_pdf(env, output, workdir)
    for path in saved:
        print(
            f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}  ({path.stat().st_size // 1024} kB)"
        )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
