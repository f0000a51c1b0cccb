"""Ship the top-level courses/ and certificates/ folders inside the wheel as bundled content."""

from setuptools import find_packages, setup

BUNDLED = {
    "somekoulutus.bundled.courses": "courses",
    "somekoulutus.bundled.certificates": "certificates",
}

setup(
    packages=find_packages(include=["somekoulutus", "somekoulutus.*"]) + list(BUNDLED),
    package_dir=BUNDLED,
    package_data={
        "somekoulutus": ["py.typed"],
        "somekoulutus.tui": ["*.tcss"],
        "somekoulutus.tui.screens": ["*.tcss"],
        "somekoulutus.cli": ["locale/*/LC_MESSAGES/*.mo"],
        "somekoulutus.certs": ["fonts/*.ttf", "fonts/*.txt"],
        "somekoulutus.bundled.courses": ["*.yaml"],
        "somekoulutus.bundled.certificates": ["*.yaml"],
    },
)
