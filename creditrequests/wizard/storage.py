"""formtools' session storage, except that reading it leaves the session unchanged.

formtools marks the session modified whenever its data is read, so every wizard page
view (a GET too) rewrote the session row. Here only a write marks it: showing a step
costs no database write, and `bench/wizard_bench.py` measured the GET of a step at
twice the time of a bare form page because of it.
"""

from formtools.wizard.storage.session import SessionStorage


class ReadOnlyGetSessionStorage(SessionStorage):
    def _changed(self) -> None:
        self.request.session.modified = True

    def _get_data(self):
        return self.request.session[self.prefix]

    data = property(_get_data, SessionStorage._set_data)

    def _set_current_step(self, step):
        if self.data.get(self.step_key) != step:
            super()._set_current_step(step)
            self._changed()

    def _set_extra_data(self, extra_data):
        super()._set_extra_data(extra_data)
        self._changed()

    def set_step_data(self, step, cleaned_data):
        super().set_step_data(step, cleaned_data)
        self._changed()

    def set_step_files(self, step, files):
        super().set_step_files(step, files)
        self._changed()

    def reset(self):
        super().reset()
        self._changed()
