"""`translate serve`: the second front door beside the CLI. One process holds the model, the
memory and the summariser, loaded once, and answers HTTP: a reading page, a document API, and
LibreTranslate's API. Imported only by the serve command (FastAPI and uvicorn are the serve
extra)."""
