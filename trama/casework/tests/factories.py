import datetime

import factory
from django.utils import timezone

from trama.accounts.tests.factories import UserFactory
from trama.casework.models import Channel, ListeningSession, Referral, ReferralEvent, ReferralState
from trama.people.tests.factories import PersonFactory
from trama.territory.tests.factories import HubFactory


class ListeningSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ListeningSession

    person = factory.SubFactory(PersonFactory)
    hub = factory.SelfAttribute("person.reference_hub")
    operator = factory.SubFactory(UserFactory)
    held_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    duration_minutes = 30
    channel = Channel.IN_PERSON


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    from_user = factory.SubFactory(UserFactory)
    from_hub = factory.SelfAttribute("person.reference_hub")
    shared_summary = "Cerca compagnia per due pomeriggi a settimana."
    reason = "Vedova da poco, rete familiare debole."
    state = ReferralState.SENT
    sent_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def sent_event(self, create, extracted, **kwargs):
        if create:
            ReferralEvent.objects.create(
                referral=self,
                from_state="",
                to_state=ReferralState.SENT,
                by=self.from_user,
                at=self.sent_at,
            )


__all__ = ["HubFactory", "ListeningSessionFactory", "ReferralFactory"]
