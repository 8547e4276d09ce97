"""The "Meaning" cell of a response row: the status's reason phrase, linked to its RFC."""

from __future__ import annotations

_RFC = "https://tools.ietf.org/html/rfc{rfc}#section-{section}"

# status: (reason phrase, RFC number, section)
STATUS_MEANINGS: dict[str, tuple[str, int, str]] = {
    "100": ("Continue", 7231, "6.2.1"),
    "101": ("Switching Protocols", 7231, "6.2.2"),
    "200": ("OK", 7231, "6.3.1"),
    "201": ("Created", 7231, "6.3.2"),
    "202": ("Accepted", 7231, "6.3.3"),
    "203": ("Non-Authoritative Information", 7231, "6.3.4"),
    "204": ("No Content", 7231, "6.3.5"),
    "205": ("Reset Content", 7231, "6.3.6"),
    "206": ("Partial Content", 7233, "4.1"),
    "300": ("Multiple Choices", 7231, "6.4.1"),
    "301": ("Moved Permanently", 7231, "6.4.2"),
    "302": ("Found", 7231, "6.4.3"),
    "303": ("See Other", 7231, "6.4.4"),
    "304": ("Not Modified", 7232, "4.1"),
    "305": ("Use Proxy", 7231, "6.4.5"),
    "307": ("Temporary Redirect", 7231, "6.4.7"),
    "308": ("Permanent Redirect", 7538, "3"),
    "400": ("Bad Request", 7231, "6.5.1"),
    "401": ("Unauthorized", 7235, "3.1"),
    "402": ("Payment Required", 7231, "6.5.2"),
    "403": ("Forbidden", 7231, "6.5.3"),
    "404": ("Not Found", 7231, "6.5.4"),
    "405": ("Method Not Allowed", 7231, "6.5.5"),
    "406": ("Not Acceptable", 7231, "6.5.6"),
    "407": ("Proxy Authentication Required", 7235, "3.2"),
    "408": ("Request Timeout", 7231, "6.5.7"),
    "409": ("Conflict", 7231, "6.5.8"),
    "410": ("Gone", 7231, "6.5.9"),
    "411": ("Length Required", 7231, "6.5.10"),
    "412": ("Precondition Failed", 7232, "4.2"),
    "413": ("Payload Too Large", 7231, "6.5.11"),
    "414": ("URI Too Long", 7231, "6.5.12"),
    "415": ("Unsupported Media Type", 7231, "6.5.13"),
    "416": ("Range Not Satisfiable", 7233, "4.4"),
    "417": ("Expectation Failed", 7231, "6.5.14"),
    "422": ("Unprocessable Entity", 4918, "11.2"),
    "426": ("Upgrade Required", 7231, "6.5.15"),
    "428": ("Precondition Required", 6585, "3"),
    "429": ("Too Many Requests", 6585, "4"),
    "431": ("Request Header Fields Too Large", 6585, "5"),
    "500": ("Internal Server Error", 7231, "6.6.1"),
    "501": ("Not Implemented", 7231, "6.6.2"),
    "502": ("Bad Gateway", 7231, "6.6.3"),
    "503": ("Service Unavailable", 7231, "6.6.4"),
    "504": ("Gateway Time-out", 7231, "6.6.5"),
    "505": ("HTTP Version Not Supported", 7231, "6.6.6"),
}

_RANGES = {"1": "Informational", "2": "Success", "3": "Redirection",
           "4": "Client error", "5": "Server error"}  # fmt: skip


def meaning(status: str) -> str:
    """Return the Meaning cell: a linked phrase, a range name ("4XX"), or "Default"."""
    known = STATUS_MEANINGS.get(status)
    if known is not None:
        phrase, rfc, section = known
        return f"[{phrase}]({_RFC.format(rfc=rfc, section=section)})"
    if status.lower() == "default":
        return "Default"
    if len(status) == 3 and status[1:].upper() == "XX" and status[0] in _RANGES:
        return _RANGES[status[0]]
    return "Unknown"
