"""A form on the till: fields typed into by the on-screen keypad or a keyboard alike.

One field has the focus and takes what is typed: the first when the form opens, another
when it is tapped, the next after Tab or Enter. A PIN is shown masked; a text field (a
reason, a search) takes letters too, from a keyboard or the on-screen letters; an amount
takes digits and one decimal separator. ``FormScreen`` is a screen that is one form.
"""

from __future__ import annotations

from attrs import frozen

from apps.pos_desktop.presenters.desk import Controller, action
from apps.pos_desktop.presenters.keypad import SEPARATORS
from apps.pos_desktop.presenters.view_models import FieldView, FormView
from saleflex_core.exceptions import ValidationError

MAX_FIELD = 48  # a stuck scanner fills a field and stops


@frozen
class Field:
    name: str
    label: str
    secret: bool = False
    letters: bool = False
    amount: bool = False  # digits and one decimal separator
    size: int = MAX_FIELD  # characters it takes at most (an address, a code: more)


class Form:
    def __init__(self, *fields: Field, focused: bool = True) -> None:
        self.fields = fields
        self._first_focused = focused
        self.values: dict[str, str] = {}
        self.focus: str | None = None
        self.reset()

    def reset(self) -> None:
        """Empty fields; the first has the focus (unless the form waits to be tapped)."""
        self.values = {f.name: "" for f in self.fields}
        self.focus = self.fields[0].name if self._first_focused else None

    def focus_on(self, name: str | None) -> None:
        if name is not None and name not in self.values:
            raise ValidationError(f"There is no field {name!r} here")
        self.focus = name

    def focused_field(self) -> Field | None:
        return next((f for f in self.fields if f.name == self.focus), None)

    def type(self, chars: str) -> None:
        """Keys typed into the focused field: digits, or any text in a text field."""
        field = self.focused_field()
        if field is None:
            raise ValidationError("Tap a field first")
        typed = self.values[field.name]
        if field.amount and chars in SEPARATORS:
            if any(s in typed for s in SEPARATORS):
                return  # a second separator is ignored, as on the keypad
            chars = chars if typed else "0" + chars
        elif not field.letters and not chars.isdigit():
            raise ValidationError(f"{field.label} takes digits only")
        text = typed + chars
        if len(text) > field.size:
            raise ValidationError(f"{field.label} is full: press Clear")
        self.values[field.name] = text

    def backspace(self) -> None:
        if self.focus is not None:
            self.values[self.focus] = self.values[self.focus][:-1]

    def clear(self) -> None:
        if self.focus is not None:
            self.values[self.focus] = ""

    def set(self, name: str, text: str) -> None:
        """What a keyboard typed straight into the field's widget."""
        self.focus_on(name)
        field = next(f for f in self.fields if f.name == name)
        self.values[name] = text[: field.size]

    def next(self) -> bool:
        """Enter: focus the next field; True when there is none (the last one or none had
        the focus): the form is filled in."""
        names = [f.name for f in self.fields]
        at = len(names) if self.focus is None else names.index(self.focus) + 1
        if at == len(names):
            return True
        self.focus = names[at]
        return False

    def tab(self) -> None:
        """Tab: the next field, round to the first."""
        if self.next():
            self.focus = self.fields[0].name

    def view(self) -> FormView:
        return FormView(
            tuple(
                FieldView(
                    f.name,
                    f.label,
                    "•" * len(self.values[f.name]) if f.secret else self.values[f.name],
                    f.name == self.focus,
                    f.letters,
                )
                for f in self.fields
            )
        )


class FormScreen(Controller):
    """A screen that is one form: the keypad and keyboard type into its focused field, a
    tap focuses a field, Tab moves round the fields, Enter on to the next and then
    ``submit``."""

    form: Form

    def type_key(self, name: str) -> None:
        if name == "Backspace":
            self.form.backspace()
        else:
            self.form.type(name)

    def clear(self) -> None:
        self.form.clear()

    def entry(self) -> tuple[str, str]:
        field = self.form.view().focused
        return ("", "") if field is None else (field.label, field.text)

    @action
    def focus(self, name: str) -> None:
        """A tap on a field: it takes what is typed next."""
        self.form.focus_on(name)

    @action
    def typed_in(self, name: str, text: str) -> None:
        """What a keyboard typed straight into a field's widget."""
        self.form.set(name, text)

    @action
    def next_field(self) -> None:
        """Tab: the next field, round to the first."""
        self.form.tab()

    def enter(self, text: str | None) -> None:
        """Enter: ``text`` (a scanner's code) into the focused field, then the next field;
        on the last one, or with none focused (a standard reason was picked), ``submit``."""
        if text is not None:
            self.form.type(text)
        if self.form.next():
            self.submit()

    def submit(self) -> None:
        """The form's action, once it is filled in."""
        raise NotImplementedError
