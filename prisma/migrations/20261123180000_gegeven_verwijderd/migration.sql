-- Wvggz/Wzd data may not outlive those laws' own terms (SPEC §5): the day an item's content was removed.

-- AlterTable
ALTER TABLE "gegeven" ADD COLUMN     "verwijderd_op" TIMESTAMPTZ(3);
