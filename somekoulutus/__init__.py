"""somekoulutus: social media guideline training, quiz and signed certificates."""

__version__ = "0.1.0"
