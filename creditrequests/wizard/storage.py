"""formtools' session storage, except that reading it leaves the session unchanged.

formtools marks the session modified whenever its data is read, so every wizard page
view (a GET too) rewrote the session row. Here only a write marks it: showing a step
costs no database write, and `bench/wizard_bench.py` measured the GET of a step at
twice the time of a bare form page because of it.

A GET of a wizard URL the session has no state for (a fresh "new request" URL, or a
draft after its session ended) keeps that state in memory for the one request: the
wizard rebuilds it from the draft whenever it is missing, and a session that grew with
every URL visited (228 -> 8,747 bytes after 300 fresh URLs, never pruned) is gone.

A write that leaves the wizard's state as it was (a double click posts the same step
again) does not mark the session modified either: when the response is ready
(`update_response`), the state is compared with a copy taken before the first write.
"""

import copy

from formtools.wizard.storage.base import BaseStorage
from formtools.wizard.storage.session import SessionStorage

READ_ONLY_METHODS = frozenset({"GET", "HEAD"})


class ReadOnlyGetSessionStorage(SessionStorage):
    def __init__(self, prefix, request=None, file_storage=None):
        BaseStorage.__init__(self, prefix, request, file_storage)
        self._this_request_only = None
        self._before_writes = None
        if self.prefix not in self.request.session:
            if self.request.method in READ_ONLY_METHODS:
                self._this_request_only = {}
            self.init_data()

    def _will_change(self) -> None:
        if self._this_request_only is None and self._before_writes is None:
            self._before_writes = copy.deepcopy(self.request.session[self.prefix])

    def update_response(self, response):
        super().update_response(response)
        if self._before_writes is not None and self.data != self._before_writes:
            self.request.session.modified = True

    def _get_data(self):
        if self._this_request_only is not None:
            return self._this_request_only
        return self.request.session[self.prefix]

    def _set_data(self, value):
        if self._this_request_only is not None:
            self._this_request_only = value
        else:
            SessionStorage._set_data(self, value)

    data = property(_get_data, _set_data)

    def _set_current_step(self, step):
        if self.data.get(self.step_key) != step:
            self._will_change()
            super()._set_current_step(step)

    def _set_extra_data(self, extra_data):
        self._will_change()
        super()._set_extra_data(extra_data)

    def set_step_data(self, step, cleaned_data):
        self._will_change()
        super().set_step_data(step, cleaned_data)

    def set_step_files(self, step, files):
        self._will_change()
        super().set_step_files(step, files)

    def reset(self):
        self._will_change()
        super().reset()
