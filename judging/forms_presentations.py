"""Staff forms of the presentations: the schedule's settings and the move of one presentation.
The day is typed as Thai officers write it (14/09/2565); times as 10:00."""

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import ThaiDateField

from .models import PresentationSchedule, Room
from .presentation_times import parse_breaks

_TEXT = {"class": "form-control"}


def _aware(day, moment) -> datetime:
    return timezone.make_aware(datetime.combine(day, moment))


class ScheduleForm(forms.ModelForm):
    day = ThaiDateField(label=_("Day of the presentations"))
    starts = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={**_TEXT, "type": "time"}, format="%H:%M"))
    ends = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={**_TEXT, "type": "time"}, format="%H:%M"))

    class Meta:
        model = PresentationSchedule
        fields = ["slot_minutes", "changeover_minutes", "breaks", "room_per_category", "video_url"]
        widgets = {
            "slot_minutes": forms.NumberInput(attrs=_TEXT),
            "changeover_minutes": forms.NumberInput(attrs=_TEXT),
            "breaks": forms.Textarea(attrs={**_TEXT, "rows": 2}),
            "room_per_category": forms.CheckboxInput(attrs={"class": "form-check-input"}),
            "video_url": forms.URLInput(attrs=_TEXT),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].widget.attrs.update(_TEXT)
        if self.instance.pk:
            self.initial.update(
                day=timezone.localdate(self.instance.starts_at),
                starts=timezone.localtime(self.instance.starts_at).time(),
                ends=timezone.localtime(self.instance.ends_at).time(),
            )

    def clean_breaks(self):
        try:
            parse_breaks(self.cleaned_data["breaks"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error
        return self.cleaned_data["breaks"]

    def clean(self):
        data = super().clean()
        if data.get("day") and data.get("starts") and data.get("ends"):
            if data["ends"] <= data["starts"]:
                self.add_error("ends", _("The presentations must end after they start."))
            else:
                self.instance.starts_at = _aware(data["day"], data["starts"])
                self.instance.ends_at = _aware(data["day"], data["ends"])
        return data


class MoveSlotForm(forms.Form):
    room = forms.ModelChoiceField(
        label=_("Room"), queryset=Room.objects.none(), widget=forms.Select(attrs={"class": "form-select"})
    )
    day = ThaiDateField(label=_("Day"))
    starts = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={**_TEXT, "type": "time"}, format="%H:%M")
    )
    video_url = forms.URLField(
        label=_("Video-call link for this presentation"),
        required=False,
        help_text=_("Leave empty to use the room's link."),
        widget=forms.URLInput(attrs=_TEXT),
    )

    def __init__(self, *args, slot, **kwargs):
        local = timezone.localtime(slot.starts_at)
        initial = {"room": slot.room_id, "day": local.date(), "starts": local.time(), "video_url": slot.video_url}
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["room"].queryset = Room.objects.filter(schedule_id=slot.schedule_id)
        self.fields["day"].widget.attrs.update(_TEXT)

    @property
    def starts_at(self) -> datetime:
        return _aware(self.cleaned_data["day"], self.cleaned_data["starts"])
